import { Args, ArgsType, Field, ID, Resolver } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { PageArgs, Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { CreateUserInput, UpdateUserInput, UserIdInput } from './dto/create-user.input.js';
import { UserConnection, UserObject } from './user.object.js';
import { UsersService } from './users.service.js';

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => Role, { nullable: true, description: 'Only users with this role.' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role | null;

  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or deactivated (false) users.' })
  @IsOptional()
  active?: boolean | null;
}

const STAFF_READERS = [Role.OWNER, Role.SUPERVISOR, Role.HR];

@Resolver(() => UserObject)
export class UsersResolver {
  constructor(private readonly service: UsersService) {}

  @SecureMutation(() => UserObject, {
    description: 'Adds a staff member to the tenant.',
    allow: [Role.OWNER],
  })
  createUser(
    @Args('input', { description: 'The new staff member.' }) input: CreateUserInput,
  ): Promise<UserObject> {
    return this.service.create(input);
  }

  @SecureMutation(() => UserObject, {
    description: "Changes a staff member's name or role.",
    allow: [Role.OWNER],
  })
  updateUser(
    @Args('input', { description: 'The staff member and the changes.' }) input: UpdateUserInput,
  ): Promise<UserObject> {
    return this.service.update(input);
  }

  @SecureMutation(() => UserObject, {
    description: 'Deactivates a staff member: no more logins, and existing tokens stop working.',
    allow: [Role.OWNER],
  })
  deactivateUser(
    @Args('input', { description: 'The staff member to deactivate.' }) input: UserIdInput,
  ): Promise<UserObject> {
    return this.service.setActive(input.id, false);
  }

  @SecureMutation(() => UserObject, {
    description: 'Reactivates a deactivated staff member.',
    allow: [Role.OWNER],
  })
  reactivateUser(
    @Args('input', { description: 'The staff member to reactivate.' }) input: UserIdInput,
  ): Promise<UserObject> {
    return this.service.setActive(input.id, true);
  }

  @SecureQuery(() => UserConnection, { description: 'Staff of the tenant, by name.', allow: STAFF_READERS })
  users(@Args() args: UsersArgs): Promise<UserConnection> {
    return this.service.list(args);
  }

  @SecureQuery(() => UserObject, { description: 'One staff member of the tenant.', allow: STAFF_READERS })
  user(@Args('id', { type: () => ID, description: 'User id.' }) id: string): Promise<UserObject> {
    return this.service.get(id);
  }
}
