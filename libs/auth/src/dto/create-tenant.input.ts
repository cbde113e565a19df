import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PASSWORD_MIN } from './create-user.input.js';

@InputType({ description: 'The first owner of a new tenant.' })
export class TenantOwnerInput {
  @Field({ description: 'Login e-mail.' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field({ description: 'Name.' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/, { message: 'displayName must not be blank' })
  displayName!: string;

  @Field({ description: `Initial password, at least ${PASSWORD_MIN} characters.` })
  @IsString()
  @MinLength(PASSWORD_MIN)
  @MaxLength(200)
  password!: string;
}

@InputType({ description: 'A new franchisee of the chain.' })
export class CreateTenantInput {
  @Field({ description: 'URL-safe short name: lowercase letters, digits and dashes, 2 to 40 characters.' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: 'slug must be 2-40 lowercase letters, digits or dashes' })
  slug!: string;

  @Field({ description: 'Display name.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field({ defaultValue: 'Asia/Shanghai', description: 'IANA time zone, e.g. Asia/Shanghai.' })
  @IsString()
  @MaxLength(64)
  timeZone: string = 'Asia/Shanghai';

  @Field(() => TenantOwnerInput, { description: 'The owner account created with the tenant.' })
  @ValidateNested()
  @Type(() => TenantOwnerInput)
  owner!: TenantOwnerInput;
}
