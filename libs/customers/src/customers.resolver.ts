import { Args, ArgsType, Context, Field, ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { InputType } from '@nestjs/graphql';
import { PageArgs, Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { type ApiRequest, loadUser, UserObject } from '@service-desk/auth';

import { Database } from '@service-desk/db';
import {
  CustomerConnection,
  CustomerContact,
  CustomerObject,
  CustomerStatusEnum,
  Tier,
} from './customer.object.js';
import { CustomersService } from './customers.service.js';
import { CreateCustomerInput, UpdateCustomerInput } from './dto/create-customer.input.js';

@ArgsType()
export class CustomersArgs extends PageArgs {
  @Field({
    nullable: true,
    description: 'Text in the name; front-desk roles also match phone digits and member number.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @Field(() => Tier, { nullable: true, description: 'Only this tier.' })
  @IsOptional()
  @IsEnum(Tier)
  tier?: Tier;

  @Field(() => CustomerStatusEnum, { nullable: true, description: 'Only this status.' })
  @IsOptional()
  @IsEnum(CustomerStatusEnum)
  status?: CustomerStatusEnum;
}

@InputType({ description: 'Why HR needs the full contact data (kept in the audit log).' })
export class RevealCustomerContactInput {
  @Field({ description: 'Customer id.' })
  @IsString()
  @MaxLength(40)
  customerId!: string;

  @Field({ description: 'Reason for the reveal.' })
  @IsString()
  @MinLength(5)
  @MaxLength(500)
  reason!: string;
}

const FRONT_DESK = [Role.OWNER, Role.SUPERVISOR, Role.AGENT];
const READERS = [...FRONT_DESK, Role.FIELD_STAFF, Role.HR];

@Resolver(() => CustomerObject)
export class CustomersResolver {
  constructor(
    private readonly service: CustomersService,
    private readonly db: Database,
  ) {}

  @SecureMutation(() => CustomerObject, { description: 'Registers a customer.', allow: FRONT_DESK })
  createCustomer(
    @Args('input', { description: 'The new customer.' }) input: CreateCustomerInput,
  ): Promise<CustomerObject> {
    return this.service.create(input);
  }

  @SecureMutation(() => CustomerObject, { description: "Changes a customer's data.", allow: FRONT_DESK })
  updateCustomer(
    @Args('input', { description: 'The customer and the changes.' }) input: UpdateCustomerInput,
  ): Promise<CustomerObject> {
    return this.service.update(input);
  }

  @SecureQuery(() => CustomerObject, {
    description: 'One customer; contact data masked by role.',
    allow: READERS,
  })
  customer(@Args('id', { type: () => ID, description: 'Customer id.' }) id: string): Promise<CustomerObject> {
    return this.service.get(id);
  }

  @SecureQuery(() => CustomerConnection, {
    description: 'Customers by name, with search and filters.',
    allow: READERS,
  })
  customers(@Args() args: CustomersArgs): Promise<CustomerConnection> {
    return this.service.search(args);
  }

  @SecureMutation(() => CustomerContact, {
    description: "Reveals a customer's full phone and e-mail to HR; every reveal is audited.",
    allow: [Role.HR],
  })
  revealCustomerContact(
    @Args('input', { description: 'The customer and the reason for the reveal (audited).' })
    input: RevealCustomerContactInput,
  ): Promise<CustomerContact> {
    return this.service.revealContact(input.customerId, input.reason);
  }

  @ResolveField(() => UserObject, {
    nullable: true,
    description: 'Staff member who registered the customer.',
  })
  createdBy(
    @Parent() customer: CustomerObject,
    @Context('req') req: ApiRequest,
  ): Promise<UserObject | null> | null {
    return loadUser(req, this.db, customer.createdById);
  }
}
