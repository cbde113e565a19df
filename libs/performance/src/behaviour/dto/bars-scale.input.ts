import { Field, Float, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsDecimal } from '@service-desk/core';

const NOT_BLANK = /\S/;

@InputType({ description: 'A new BARS scale with its five anchored levels.' })
export class CreateBarsScaleInput {
  @Field({
    description: 'Dimension code, unique in the tenant: A–Z, digits and _ (2 to 40), e.g. PHONE_MANNER.',
  })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, {
    message: 'dimension must be 2 to 40 of A-Z, 0-9 and _, starting with a letter',
  })
  dimension!: string;

  @Field({ description: 'Name shown to raters (at most 80 characters).' })
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'What the dimension is about (at most 1000 characters).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @Field(() => Float, { nullable: true, description: 'Weight in the behaviour score, 0 to 100 (default 1).' })
  @IsOptional()
  @IsDecimal(3)
  @Min(0)
  @Max(100)
  weight?: number;

  @Field({ nullable: true, description: 'False creates the scale retired (default true).' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @Field(() => [String], {
    description:
      'Exactly five anchors, level 1 (poorest) first; each a concrete, observable behaviour (1 to 500 characters).',
  })
  @IsArray()
  @ArrayMinSize(5)
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'anchors must not be blank' })
  anchors!: string[];
}

@InputType({ description: 'Changes to a BARS scale; omitted fields stay.' })
export class UpdateBarsScaleInput {
  @Field(() => ID, { description: 'Scale id.' })
  @IsString()
  @MaxLength(40)
  scaleId!: string;

  @Field({ nullable: true, description: 'New name (at most 80 characters).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @Field(() => String, { nullable: true, description: 'New description; null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @Field(() => Float, { nullable: true, description: 'New weight, 0 to 100.' })
  @IsOptional()
  @IsDecimal(3)
  @Min(0)
  @Max(100)
  weight?: number;

  @Field({ nullable: true, description: 'False retires the scale (its ratings stay); true reactivates it.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @Field(() => [String], { nullable: true, description: 'All five anchors anew, level 1 first.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(5)
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'anchors must not be blank' })
  anchors?: string[];
}
