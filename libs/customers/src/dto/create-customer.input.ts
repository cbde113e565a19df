import { Field, InputType } from '@nestjs/graphql';
import {
  IsBoolean,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Tier } from '../customer.object.js';

const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;

@InputType({ description: 'A new customer.' })
export class CreateCustomerInput {
  @Field({ description: 'Name.' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field({ nullable: true, description: 'Phone number (digits, spaces, dashes, parentheses, leading +).' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string;

  @Field({ nullable: true, description: 'E-mail.' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @Field({ nullable: true, description: 'Membership number, unique in the tenant.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'memberNumber must be 1-40 letters, digits or dashes' })
  memberNumber?: string;

  @Field({ nullable: true, description: 'Location (address, unit).' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;

  @Field(() => Tier, { nullable: true, description: 'Tier; STANDARD when omitted.' })
  @IsOptional()
  @IsEnum(Tier)
  tier?: Tier;

  @Field({ nullable: true, description: 'Consent to be contacted; false when omitted.' })
  @IsOptional()
  @IsBoolean()
  consentToContact?: boolean;

  @Field({
    nullable: true,
    description: 'Retrying with the same key returns the customer created the first time.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey?: string;
}

@InputType({ description: 'Changes to a customer; omitted fields stay as they are, null clears.' })
export class UpdateCustomerInput {
  @Field({ description: 'Customer id.' })
  @IsString()
  @MaxLength(40)
  id!: string;

  @Field({ nullable: true, description: 'Name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail.' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Membership number.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'memberNumber must be 1-40 letters, digits or dashes' })
  memberNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'Location.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @Field(() => Tier, { nullable: true, description: 'Tier.' })
  @IsOptional()
  @IsEnum(Tier)
  tier?: Tier;

  @Field({ nullable: true, description: 'Consent to be contacted.' })
  @IsOptional()
  @IsBoolean()
  consentToContact?: boolean;
}
