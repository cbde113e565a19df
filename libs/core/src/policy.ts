import { applyDecorators, SetMetadata } from '@nestjs/common';
import { Mutation, Query, type ReturnTypeFunc } from '@nestjs/graphql';
import { Role } from './roles.js';

/** Who may call an operation. Deny by default: an operation without a policy is refused. */
export type Policy = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] };

export const POLICY_KEY = 'service-desk:policy';

/** Every operation's declared policy, by GraphQL operation name (checked against the schema by a test). */
export const OPERATION_POLICIES = new Map<string, Policy>();

interface OperationOptions {
  name?: string;
  description: string;
  nullable?: boolean;
  /** Roles allowed, or 'public' for operations open to anonymous callers. */
  allow: readonly Role[] | 'public';
}

function operation(
  kind: 'query' | 'mutation',
  type: ReturnTypeFunc,
  options: OperationOptions,
): MethodDecorator {
  const policy: Policy =
    options.allow === 'public' ? { kind: 'public' } : { kind: 'roles', roles: options.allow };
  const graphql = kind === 'query' ? Query : Mutation;
  return (target, propertyKey, descriptor) => {
    OPERATION_POLICIES.set(options.name ?? String(propertyKey), policy);
    applyDecorators(
      SetMetadata(POLICY_KEY, policy),
      graphql(type, { name: options.name, description: options.description, nullable: options.nullable }),
    )(target, propertyKey, descriptor);
  };
}

/** A GraphQL query with its access policy. */
export const SecureQuery = (type: ReturnTypeFunc, options: OperationOptions) =>
  operation('query', type, options);

/** A GraphQL mutation with its access policy. */
export const SecureMutation = (type: ReturnTypeFunc, options: OperationOptions) =>
  operation('mutation', type, options);

/** Marks an HTTP route (health, metrics) as open to anonymous callers. */
export const PublicRoute = () => SetMetadata(POLICY_KEY, { kind: 'public' } satisfies Policy);
