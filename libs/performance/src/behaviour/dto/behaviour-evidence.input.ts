import { Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IncidentKind } from '../behaviour.enums.js';

@InputType({ description: 'A BARS rating of a staff member on one scale.' })
export class RateBehaviorInput {
  @Field(() => ID, { description: 'The staff member: for a supervisor, a member of their team.' })
  @IsString()
  @MaxLength(40)
  staffId!: string;

  @Field(() => ID, { description: 'An active BARS scale of the tenant.' })
  @IsString()
  @MaxLength(40)
  scaleId!: string;

  @Field(() => Int, { description: 'The level whose anchor best describes the behaviour seen, 1 to 5.' })
  @IsInt()
  @Min(1)
  @Max(5)
  level!: number;

  @Field(() => String, { nullable: true, description: 'Why this level (at most 2000 characters).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Critical incidents cited as evidence (at most 20), all about the same staff member.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  incidentIds?: string[];
}

@InputType({ description: 'A critical incident observed for a staff member.' })
export class RecordCriticalIncidentInput {
  @Field(() => ID, { description: 'The staff member: for a supervisor, a member of their team.' })
  @IsString()
  @MaxLength(40)
  staffId!: string;

  @Field(() => IncidentKind, { description: 'Good or poor behaviour.' })
  @IsEnum(IncidentKind)
  kind!: IncidentKind;

  @Field({ description: 'What happened, concretely (1 to 2000 characters).' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'description must not be blank' })
  description!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it happened; not in the future.' })
  @Type(() => Date)
  @IsDate()
  occurredAt!: Date;

  @Field(() => ID, {
    nullable: true,
    description: 'The complaint it happened in (a complaint of the tenant).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  complaintId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The work order it happened in (a work order of the tenant).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  workOrderId?: string | null;

  @Field({ nullable: true, description: 'Repeating a call with the same key returns the first incident.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey?: string;
}

@InputType({ description: 'A new item of the behaviour observation scale.' })
export class CreateBosItemInput {
  @Field({
    description: 'The observable behaviour (1 to 300 characters), e.g. "Greets every visitor first".',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(/\S/, { message: 'behavior must not be blank' })
  behavior!: string;
}

@InputType({ description: 'How often a staff member shows a BOS behaviour.' })
export class RateBehaviorFrequencyInput {
  @Field(() => ID, { description: 'The staff member: for a supervisor, a member of their team.' })
  @IsString()
  @MaxLength(40)
  staffId!: string;

  @Field(() => ID, { description: 'An active BOS item of the tenant.' })
  @IsString()
  @MaxLength(40)
  itemId!: string;

  @Field(() => Int, {
    description: 'Frequency: 1 almost never, 2 seldom, 3 sometimes, 4 often, 5 almost always.',
  })
  @IsInt()
  @Min(1)
  @Max(5)
  frequency!: number;
}
