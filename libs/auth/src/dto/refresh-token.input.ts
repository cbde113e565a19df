import { Field, InputType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';

@InputType({ description: 'A refresh token from login or a previous refresh.' })
export class RefreshTokenInput {
  @Field({ description: 'The refresh token.' })
  @IsString()
  @MaxLength(200)
  refreshToken!: string;
}
