import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

@InputType({ description: 'A new zone.' })
export class CreateZoneInput {
  @Field({ description: 'Name, unique in the tenant (at most 80 characters).' })
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the zone covers (at most 500 characters).' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'The responsible person: an active user of the tenant.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  responsibleId?: string | null;
}

@InputType({ description: 'Changes to a zone; omitted fields stay, null clears.' })
export class UpdateZoneInput {
  @Field(() => ID, { description: 'Zone id.' })
  @IsString()
  @MaxLength(40)
  zoneId!: string;

  @Field({ nullable: true, description: 'New name, unique in the tenant.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @Field(() => String, { nullable: true, description: 'New description; null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'New responsible person; null clears it.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  responsibleId?: string | null;

  @Field({ nullable: true, description: 'False retires the zone; existing roster entries stay.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
