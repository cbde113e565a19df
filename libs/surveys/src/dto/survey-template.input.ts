import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ServqualDimension } from '../servqual.js';

/** The most statements a template may hold (the classic SERVQUAL has 22). */
export const MAX_TEMPLATE_ITEMS = 60;

@InputType({ description: 'One statement of a template; its position is its place in the list.' })
export class SurveyItemInput {
  @Field(() => ServqualDimension, { description: 'The dimension the statement measures.' })
  @IsEnum(ServqualDimension)
  dimension!: ServqualDimension;

  @Field({ description: "The statement, in the template's language (1–500 characters)." })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/\S/, { message: 'text must not be blank' })
  text!: string;

  @Field(() => String, { nullable: true, description: 'The statement in English (at most 500 characters).' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  textEn?: string | null;
}

@InputType({
  description:
    'A new survey template. Without items it is a copy of the default SERVQUAL questionnaire (22 statements).',
})
export class CreateSurveyTemplateInput {
  @Field(() => String, {
    nullable: true,
    description: 'Name (1–120 characters); the default name when omitted.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Language of the statements (BCP 47, e.g. zh-CN); zh-CN when omitted.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/, {
    message: 'language must be a language tag like zh-CN',
  })
  language?: string | null;

  @Field(() => [SurveyItemInput], {
    nullable: true,
    description: `The statements, in order (1 to ${MAX_TEMPLATE_ITEMS}); the default SERVQUAL statements when omitted.`,
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => SurveyItemInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TEMPLATE_ITEMS)
  items?: SurveyItemInput[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The overall satisfaction question (1–5); the default question when omitted, none when empty.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  csatQuestion?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Retrying with the same key returns the template created the first time.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey?: string | null;
}

@InputType({
  description:
    'Changes to a template; omitted fields stay. A template with responses is not changed: a new version is made instead.',
})
export class UpdateSurveyTemplateInput {
  @Field(() => ID, { description: 'Template id (the latest version).' })
  @IsUUID()
  templateId!: string;

  @Field(() => String, { nullable: true, description: 'New name.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New language tag.' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/, {
    message: 'language must be a language tag like zh-CN',
  })
  language?: string | null;

  @Field(() => [SurveyItemInput], {
    nullable: true,
    description: 'The new statements, in order (replace all of them).',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => SurveyItemInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TEMPLATE_ITEMS)
  items?: SurveyItemInput[] | null;

  @Field(() => String, { nullable: true, description: 'New CSAT question; empty removes it.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  csatQuestion?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'False retires the template, true puts it back in use.',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;
}
