import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { Priority, WorkOrderSource } from '../work-order.object.js';

@InputType({ description: 'A new work order.' })
export class CreateWorkOrderInput {
  @Field(() => WorkOrderSource, { description: 'Where it came from.' })
  @IsEnum(WorkOrderSource)
  source!: WorkOrderSource;

  @Field({ nullable: true, description: 'The complaint it serves (required when the source is COMPLAINT).' })
  @IsOptional()
  @IsUUID()
  complaintId?: string;

  @Field({ description: 'Zone.' })
  @IsUUID()
  zoneId!: string;

  @Field({ description: 'Where exactly.' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(/\S/, { message: 'location must not be blank' })
  location!: string;

  @Field(() => Priority, { description: 'Priority.' })
  @IsEnum(Priority)
  priority!: Priority;

  @Field({ description: 'What needs doing.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @Matches(/\S/, { message: 'description must not be blank' })
  description!: string;

  @Field({
    nullable: true,
    description: 'Dispatch at once to this field staff member (otherwise auto-dispatch, if on).',
  })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @Field({
    nullable: true,
    description: 'Retrying with the same key returns the work order created the first time.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey?: string;
}

@InputType({ description: 'Identifies a work order.' })
export class WorkOrderIdInput {
  @Field({ description: 'Work order id.' })
  @IsString()
  @MaxLength(40)
  workOrderId!: string;
}

@InputType({ description: 'Dispatch (or re-dispatch) a work order to a field staff member.' })
export class AssignWorkOrderInput extends WorkOrderIdInput {
  @Field({ description: 'The field staff member.' })
  @IsUUID()
  assigneeId!: string;
}

@InputType({ description: 'Give a work order back, with the reason.' })
export class DeclineWorkOrderInput extends WorkOrderIdInput {
  @Field({ description: 'Why.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

@InputType({ description: 'Report the work done.' })
export class CompleteWorkOrderInput extends WorkOrderIdInput {
  @Field({ description: 'What was done (report back to the front desk).' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @Matches(/\S/, { message: 'report must not be blank' })
  report!: string;
}

@InputType({ description: 'Cancel a work order.' })
export class CancelWorkOrderInput extends WorkOrderIdInput {
  @Field({ description: 'Why.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}
