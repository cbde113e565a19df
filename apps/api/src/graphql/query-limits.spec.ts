import { describe, expect, it } from '@jest/globals';
import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { queryLimitRule } from './query-limits.js';

const schema = buildSchema(`
  type Query { customers(first: Int): CustomerConnection, me: User }
  type CustomerConnection { edges: [CustomerEdge!]! }
  type CustomerEdge { node: Customer! }
  type Customer { id: ID!, name: String, createdBy: User }
  type User { id: ID!, manager: User, customers(first: Int): CustomerConnection }
`);

const limits = { maxDepth: 6, maxAliases: 3, maxCost: 500 };
const errorsOf = (query: string) =>
  validate(schema, parse(query), [queryLimitRule(limits)]).map((error) => error.message);

describe('query limits', () => {
  it('accepts an ordinary page query', () => {
    expect(errorsOf('{ customers(first: 20) { edges { node { id name createdBy { id } } } } }')).toEqual([]);
  });

  it('rejects queries nested deeper than the limit, also through fragments', () => {
    expect(errorsOf('{ me { manager { manager { manager { manager { manager { id } } } } } } }')[0]).toMatch(
      /too deep/,
    );
    const viaFragment =
      'fragment F on User { manager { manager { manager { manager { id } } } } } { me { manager { ...F } } }';
    expect(errorsOf(viaFragment)[0]).toMatch(/too deep/);
  });

  it('rejects too many aliases', () => {
    expect(errorsOf('{ a: me { id } b: me { id } c: me { id } d: me { id } }')[0]).toMatch(
      /Too many aliases/,
    );
  });

  it('multiplies nested page sizes into the cost', () => {
    // 100 customers x 100 customers of each creator is far beyond 500.
    const nested =
      '{ customers(first: 100) { edges { node { createdBy { customers(first: 100) { edges { node { id } } } } } } } }';
    expect(errorsOf(nested).join()).toMatch(/too expensive/);
    expect(errorsOf('{ customers(first: 10) { edges { node { id name } } } }')).toEqual([]);
  });

  it('leaves introspection to the production switch, so development tools can run it', () => {
    expect(errorsOf(getIntrospectionQuery())).toEqual([]);
  });

  it('does not loop on self-referencing fragments', () => {
    const cyclic = 'fragment A on User { manager { ...A } } { me { ...A } }';
    expect(() => errorsOf(cyclic)).not.toThrow();
  });
});
