import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Role } from '@service-desk/core';

export const PASSWORD_MIN = 10;

@InputType({ description: 'A new staff member of the tenant.' })
export class CreateUserInput {
  @Field({ description: 'Login e-mail, unique in the platform.' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field({ description: 'Name shown to colleagues.' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/, { message: 'displayName must not be blank' })
  displayName!: string;

  @Field(() => Role, { description: 'Role (any tenant role; HQ_ADMIN is not a tenant role).' })
  @IsEnum(Role)
  role!: Role;

  @Field({ description: `Initial password, at least ${PASSWORD_MIN} characters.` })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(200)
  password!: string;

  @Field({
    nullable: true,
    description: 'Retrying with the same key returns the user created the first time.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  idempotencyKey?: string;
}

@InputType({ description: 'Changes to a staff member.' })
export class UpdateUserInput {
  @Field({ description: 'User id.' })
  @IsString()
  @MaxLength(40)
  id!: string;

  @Field({ nullable: true, description: 'New display name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/, { message: 'displayName must not be blank' })
  displayName?: string;

  @Field(() => Role, { nullable: true, description: 'New role.' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
}

@InputType({ description: 'Identifies a user.' })
export class UserIdInput {
  @Field({ description: 'User id.' })
  @IsString()
  @MaxLength(40)
  id!: string;
}
