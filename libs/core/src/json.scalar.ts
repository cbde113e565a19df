import { GraphQLError, GraphQLScalarType } from 'graphql';

/** Output-only JSON object (event payloads). Free-form JSON is never accepted as input. */
export const JsonObjectScalar = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object (output only).',
  serialize: (value) => (value ?? {}) as Record<string, unknown>,
  parseValue: () => {
    throw new GraphQLError('JSONObject is output only', { extensions: { code: 'BAD_USER_INPUT' } });
  },
  parseLiteral: () => {
    throw new GraphQLError('JSONObject is output only', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});
