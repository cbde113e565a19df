import { Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

@InputType({ description: 'A new paired comparison of a team.' })
export class StartPairedComparisonInput {
  @Field({ description: 'Name (1 to 120 characters).' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field(() => [ID], {
    description: '2 to 30 distinct staff members; for a supervisor, all of their own team.',
  })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  staffIds!: string[];
}

@InputType({ description: 'The judgement of one pair; judging a pair again replaces the judgement.' })
export class JudgePairInput {
  @Field(() => ID, { description: 'An open session.' })
  @IsString()
  @MaxLength(40)
  sessionId!: string;

  @Field(() => ID, { description: 'One member of the pair.' })
  @IsString()
  @MaxLength(40)
  firstStaffId!: string;

  @Field(() => ID, { description: 'The other member of the pair.' })
  @IsString()
  @MaxLength(40)
  secondStaffId!: string;

  @Field(() => ID, { description: 'The better of the two: one of them.' })
  @IsString()
  @MaxLength(40)
  winnerId!: string;
}

@InputType({ description: 'Identifies a paired-comparison session.' })
export class PairedComparisonIdInput {
  @Field(() => ID, { description: 'Session id.' })
  @IsString()
  @MaxLength(40)
  sessionId!: string;
}
