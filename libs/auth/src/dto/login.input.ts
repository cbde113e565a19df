import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

@InputType({ description: 'Credentials.' })
export class LoginInput {
  @Field({ description: 'Login e-mail.' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field({ description: 'Password.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}
