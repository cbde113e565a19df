import { Field, InputType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';

@InputType({ description: 'Queues a FAILED (or channel-DISABLED) message for delivery again.' })
export class RetryMessageInput {
  @Field({ description: 'Outbound message id.' })
  @IsString()
  @MaxLength(40)
  messageId!: string;
}
