import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { ALL_ROLES, newId, OPERATION_POLICIES } from '@service-desk/core';
import { errorCode, graphql, randomClientAddress } from '@service-desk/testing';
import {
  getNamedType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { type ApiHarness, startApi } from '../support/api.js';

/**
 * Operations open to anonymous callers. Adding one is a security decision, so it has to be made here
 * too (DESIGN section 8 names the public complaint intake, its status lookup and survey answers).
 */
const PUBLIC_ALLOWED = new Set([
  'login',
  'refreshToken',
  'submitPublicComplaint',
  'complaintStatus',
  'submitSurveyResponse',
  'publicSurvey',
  'submitPublicSurveyResponse',
]);

type RootKind = 'query' | 'mutation' | 'subscription';
interface Operation {
  kind: RootKind;
  field: GraphQLField<unknown, unknown>;
}

function operations(schema: GraphQLSchema): Operation[] {
  const roots: Array<[RootKind, GraphQLObjectType | null | undefined]> = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([kind, type]) =>
    Object.values(type?.getFields() ?? {}).map((field) => ({ kind, field })),
  );
}

/** A syntactically valid value for a type: required fields filled, optional ones left out. */
function sampleValue(type: GraphQLInputType, unknownScalars: Set<string>): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, unknownScalars);
  if (isListType(type)) return [sampleValue(type.ofType, unknownScalars)];
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined)
        value[field.name] = sampleValue(field.type, unknownScalars);
    }
    return value;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return newId();
      case 'String':
        return 'sample';
      case 'Int':
        return 1;
      case 'Float':
        return 1.5;
      case 'Boolean':
        return true;
      case 'DateTime':
        return new Date().toISOString();
      case 'JSONObject':
      case 'JSON':
        return {};
      default:
        unknownScalars.add(type.name);
        return 'sample';
    }
  }
  return null;
}

/** `query($a: T!) { op(a: $a) { __typename } }` with sample variables for the required arguments. */
function anonymousCall({ kind, field }: Operation): {
  query: string;
  variables: Record<string, unknown>;
  strict: boolean;
} {
  const unknownScalars = new Set<string>();
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const variables = Object.fromEntries(
    required.map((arg) => [arg.name, sampleValue(arg.type, unknownScalars)]),
  );
  const declarations = required.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const args = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  const query = `${kind}${declarations ? `(${declarations})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
  // A custom scalar without a known sample may be refused as BAD_USER_INPUT before the guard runs.
  return { query, variables, strict: unknownScalars.size === 0 };
}

describe('operation policies (deny by default)', () => {
  let api: ApiHarness;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    api = await startApi();
    schema = api.app.get(GraphQLSchemaHost).schema;
  });
  afterAll(() => api.close());

  it('every Query, Mutation and Subscription field has a declared policy', () => {
    const names = operations(schema).map(({ field }) => field.name);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((name) => !OPERATION_POLICIES.has(name))).toEqual([]);
  });

  it('every declared policy names an operation of the schema', () => {
    const names = new Set(operations(schema).map(({ field }) => field.name));
    expect([...OPERATION_POLICIES.keys()].filter((name) => !names.has(name))).toEqual([]);
  });

  it('role policies name at least one real role, and only allowed operations are public', () => {
    const known = new Set<string>(ALL_ROLES);
    const publicOperations: string[] = [];
    for (const [name, policy] of OPERATION_POLICIES) {
      if (policy.kind === 'public') {
        publicOperations.push(name);
        continue;
      }
      expect([name, policy.roles.length > 0]).toEqual([name, true]);
      expect([name, policy.roles.filter((role) => !known.has(role))]).toEqual([name, []]);
    }
    expect(publicOperations.filter((name) => !PUBLIC_ALLOWED.has(name))).toEqual([]);
    expect(publicOperations).toEqual(expect.arrayContaining(['login', 'refreshToken']));
  });

  it('every non-public query and mutation answers UNAUTHENTICATED without a token, or with a bad one', async () => {
    const calls = operations(schema).filter(
      ({ kind, field }) => kind !== 'subscription' && OPERATION_POLICIES.get(field.name)?.kind !== 'public',
    );
    expect(calls.length).toBeGreaterThan(5);
    const outcomes: Array<[string, string, string | undefined]> = [];
    for (const operation of calls) {
      const { query, variables, strict } = anonymousCall(operation);
      for (const [label, token] of [
        ['no token', undefined],
        ['garbage token', 'not.a.jwt'],
      ] as const) {
        const result = await api.gql(query, variables, token);
        const codes = result.errors?.map((error) => error.extensions?.code) ?? [];
        expect(result.status).toBeLessThan(500);
        expect(codes).not.toContain('INTERNAL');
        const code = errorCode(result);
        const acceptable = code === 'UNAUTHENTICATED' || (!strict && code === 'BAD_USER_INPUT');
        outcomes.push([
          operation.field.name,
          label,
          acceptable ? 'ok' : `${code}: ${result.errors?.[0]?.message}`,
        ]);
        // Nothing leaks into data for an anonymous caller.
        expect([operation.field.name, result.data?.[operation.field.name] ?? null]).toEqual([
          operation.field.name,
          null,
        ]);
      }
    }
    expect(outcomes.filter(([, , outcome]) => outcome !== 'ok')).toEqual([]);
  });

  it('public operations answer anonymous callers with data or a client error, never INTERNAL', async () => {
    const calls = operations(schema).filter(
      ({ kind, field }) => kind !== 'subscription' && OPERATION_POLICIES.get(field.name)?.kind === 'public',
    );
    for (const operation of calls) {
      const { query, variables } = anonymousCall(operation);
      // An address of its own, so this login attempt counts against no other test's rate limit.
      const result = await graphql(api.url, query, variables, undefined, randomClientAddress());
      const codes = result.errors?.map((error) => error.extensions?.code) ?? [];
      expect([operation.field.name, result.status < 500, codes.includes('INTERNAL')]).toEqual([
        operation.field.name,
        true,
        false,
      ]);
    }
  });
});
