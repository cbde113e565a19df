import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { config } from '@service-desk/core';
import { formatError } from './format-error.js';
import { queryLimitRule } from './query-limits.js';

/** Apollo, code-first. Limits are validation rules, so an over-limit query never executes. */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      useFactory: () => {
        const settings = config();
        return {
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          introspection: settings.NODE_ENV !== 'production',
          graphiql: settings.NODE_ENV !== 'production',
          includeStacktraceInErrorResponses: false,
          allowBatchedHttpRequests: false,
          csrfPrevention: true,
          parseOptions: { maxTokens: settings.GRAPHQL_MAX_TOKENS },
          validationRules: [
            queryLimitRule({
              maxDepth: settings.GRAPHQL_MAX_DEPTH,
              maxAliases: settings.GRAPHQL_MAX_ALIASES,
              maxCost: settings.GRAPHQL_MAX_COST,
            }),
          ],
          formatError,
          context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
        };
      },
    }),
  ],
})
export class ApiGraphqlModule {}
