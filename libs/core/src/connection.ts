import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Type } from '@nestjs/common';
import { IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { badInput } from './errors.js';

export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field({ description: 'Whether more items follow the last one of this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page.' })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'Cursor after which the page starts.' })
  // Without a validator the global ValidationPipe (whitelist) strips the cursor and every page is the first.
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount?: number;
}

/** Defines `<Name>Edge` and `<Name>Connection` GraphQL types for a node type. */
export function ConnectionType<T>(node: Type<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `A ${name} in a page.` })
  class EdgeType {
    @Field({ description: 'Opaque cursor of this item.' })
    cursor!: string;

    @Field(() => node, { description: 'The item.' })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { isAbstract: true, description: `A page of ${name} items.` })
  class ConnectionClass {
    @Field(() => [EdgeType], { description: 'The items of this page.' })
    edges!: Edge<T>[];

    @Field(() => PageInfo, { description: 'Where this page ends.' })
    pageInfo!: PageInfo;
  }
  return ConnectionClass;
}

/** Opaque cursors: base64url of a JSON array of the sort key. */
export const Cursor = {
  encode(key: unknown[]): string {
    return Buffer.from(JSON.stringify(key)).toString('base64url');
  },
  decode(cursor: string, arity: number): unknown[] {
    try {
      const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (Array.isArray(key) && key.length === arity) return key;
    } catch {
      // fall through
    }
    throw badInput('Malformed cursor');
  },
};

/** Builds a connection from rows fetched with `first + 1` (the extra row tells whether more follow). */
export function toConnection<T>(rows: T[], first: number, keyOf: (row: T) => unknown[]): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: Cursor.encode(keyOf(node)) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
