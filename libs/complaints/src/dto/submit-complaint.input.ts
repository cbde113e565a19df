import { Field, InputType } from '@nestjs/graphql';
import {
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Category, Channel, SeverityLevel } from '../complaint.enums.js';

const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;

@InputType({ description: 'A complaint taken by staff.' })
export class SubmitComplaintInput {
  @Field({ nullable: true, description: 'Linked customer, when known.' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @Field({ nullable: true, description: 'Contact name, when no customer is linked.' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  contactName?: string;

  @Field({ nullable: true, description: 'Contact phone.' })
  @IsOptional()
  @Matches(PHONE, { message: 'contactPhone must be a phone number' })
  contactPhone?: string;

  @Field({ nullable: true, description: 'Contact e-mail.' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string;

  @Field(() => Channel, { description: 'How it reached the store.' })
  @IsEnum(Channel)
  channel!: Channel;

  @Field(() => Category, { description: 'Cause.' })
  @IsEnum(Category)
  category!: Category;

  @Field({ nullable: true, description: 'Tenant-specific subcategory.' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  subcategory?: string;

  @Field(() => SeverityLevel, { nullable: true, description: 'Severity; NORMAL when omitted.' })
  @IsOptional()
  @IsEnum(SeverityLevel)
  severity?: SeverityLevel;

  @Field({ description: 'Short title.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'title must not be blank' })
  title!: string;

  @Field({ description: "The customer's account of the problem." })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @Matches(/\S/, { message: 'description must not be blank' })
  description!: string;

  @Field({
    nullable: true,
    description: 'Retrying with the same key returns the complaint created the first time.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey?: string;
}

@InputType({ description: 'A complaint from the public web form; no login.' })
export class SubmitPublicComplaintInput {
  @Field({ description: 'The store (tenant slug).' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: 'tenantSlug is not a store' })
  tenantSlug!: string;

  @Field({ description: 'Your name.' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field({ nullable: true, description: 'Phone to reach you.' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number' })
  phone?: string;

  @Field({ nullable: true, description: 'E-mail to reach you.' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @Field(() => Category, { nullable: true, description: 'What it is about; OTHER when omitted.' })
  @IsOptional()
  @IsEnum(Category)
  category?: Category;

  @Field({ description: 'What happened (at most 2,000 characters).' })
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'description must not be blank' })
  description!: string;

  @Field({ nullable: true, description: 'Retrying with the same key returns the same tracking code.' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(93) // stored as `public:${key}` in a column of at most 100 characters
  idempotencyKey?: string;
}
