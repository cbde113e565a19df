import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  printSchema,
} from 'graphql';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The committed schema file, `apps/api/schema.graphql`. Resolved from this module's location, which is
 * `apps/api/src/graphql` both in the sources and in `dist/`, so the path is the same from either.
 */
export function schemaFilePath(): string {
  const above = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
  const repoRoot = basename(above) === 'dist' ? dirname(above) : above;
  return join(repoRoot, 'apps', 'api', 'schema.graphql');
}

/** The running application's executable schema (built by the GraphQL module at init). */
export function appSchema(app: INestApplication): GraphQLSchema {
  return app.get(GraphQLSchemaHost).schema;
}

/** The schema as SDL, exactly as committed in `apps/api/schema.graphql`. */
export function printAppSchema(app: INestApplication): string {
  return `${printSchema(appSchema(app)).trimEnd()}\n`;
}

/**
 * Every type, field, argument, input field and enum value without a description (DESIGN section 8).
 * Built-in scalars, introspection types and the root operation types themselves are exempt.
 */
export function undescribed(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const blank = (text: string | null | undefined) => !text || text.trim() === '';
  const args = (owner: string, list: readonly GraphQLArgument[]) => {
    for (const arg of list) if (blank(arg.description)) missing.push(`${owner}(${arg.name}:)`);
  };
  // Nest's code-first builder creates the root operation types itself and offers no way to describe
  // them; their fields (the operations) are checked like any other.
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  const types = Object.values(schema.getTypeMap()) as GraphQLNamedType[];
  for (const type of types) {
    if (type.name.startsWith('__') || isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (blank(type.description) && !roots.has(type as never)) missing.push(`type ${type.name}`);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields()) as Array<GraphQLField<unknown, unknown>>) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
        args(`${type.name}.${field.name}`, field.args);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()) as GraphQLInputField[]) {
        if (blank(field.description)) missing.push(`${type.name}.${field.name}`);
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (blank(value.description)) missing.push(`${type.name}.${value.name}`);
      }
    }
  }
  return missing.sort();
}
