import { Args, ArgsType, Field, ID, Resolver } from '@nestjs/graphql';
import { PageArgs, Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { RetryMessageInput } from './dto/retry-message.input.js';
import { MessageStatus } from './notification.enums.js';
import { OutboundMessageConnection, OutboundMessageObject } from './outbound-message.object.js';
import { OutboundMessages } from './outbound-messages.service.js';

const MANAGERS = [Role.OWNER, Role.SUPERVISOR];

@ArgsType()
export class OutboundMessagesArgs extends PageArgs {
  @Field(() => MessageStatus, { nullable: true, description: 'Only messages in this status.' })
  @IsOptional()
  @IsEnum(MessageStatus)
  status?: MessageStatus;

  @Field(() => ID, { nullable: true, description: 'Only messages about this complaint.' })
  @IsOptional()
  @IsUUID()
  complaintId?: string;
}

@Resolver(() => OutboundMessageObject)
export class OutboundMessagesResolver {
  constructor(private readonly messages: OutboundMessages) {}

  @SecureQuery(() => OutboundMessageConnection, {
    allow: MANAGERS,
    description: 'The store’s outbound customer messages, newest first (owner and supervisors).',
  })
  outboundMessages(@Args() args: OutboundMessagesArgs): Promise<OutboundMessageConnection> {
    return this.messages.list(args);
  }

  @SecureMutation(() => OutboundMessageObject, {
    allow: MANAGERS,
    description:
      'Queues a FAILED message (or one skipped because its channel was off) for delivery again with fresh attempts.',
  })
  retryMessage(
    @Args('input', { description: 'What to do (see the input type).' }) input: RetryMessageInput,
  ): Promise<OutboundMessageObject> {
    return this.messages.retry(input);
  }
}
