import {
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  isListType,
  isNonNullType,
  Kind,
  type GraphQLOutputType,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

const limitError = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * Rejects an operation before execution when it nests too deep, uses too many aliases, or its
 * estimated cost (each field 1, multiplied by the page size of every list on the way) is too high.
 */
export function queryLimitRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }

    const depthOf = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!selectionSet) return 0;
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          // Introspection is switched off in production; elsewhere tools must be able to run it.
          if (selection.name.value.startsWith('__')) continue;
          deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, seen) : 1);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
        } else {
          const name = selection.name.value;
          if (seen.has(name)) continue;
          deepest = Math.max(deepest, depthOf(fragments.get(name)?.selectionSet, new Set([...seen, name])));
        }
      }
      return deepest;
    };

    let aliases = 0;
    return {
      Field(node: FieldNode) {
        if (node.alias) aliases++;
        if (aliases > limits.maxAliases) {
          context.reportError(limitError(`Too many aliases (limit ${limits.maxAliases})`));
          return false;
        }
        return undefined;
      },
      OperationDefinition: {
        enter(operation) {
          const depth = depthOf(operation.selectionSet, new Set());
          if (depth > limits.maxDepth) {
            context.reportError(limitError(`Query is too deep: ${depth} levels (limit ${limits.maxDepth})`));
          }
        },
      },
      Document: {
        leave() {
          const cost = estimateCost(context, fragments);
          if (cost > limits.maxCost) {
            context.reportError(
              limitError(`Query is too expensive: estimated cost ${cost} (limit ${limits.maxCost})`),
            );
          }
        },
      },
    };
  };
}

function pageSize(args: readonly { name: { value: string }; value: ValueNode }[] | undefined): number {
  const first = args?.find((arg) => arg.name.value === 'first')?.value;
  if (!first) return 20;
  if (first.kind === Kind.INT) return Math.max(1, Math.min(Number(first.value), 100));
  return 100;
}

function isList(type: GraphQLOutputType): boolean {
  return isNonNullType(type) ? isList(type.ofType as GraphQLOutputType) : isListType(type);
}

function estimateCost(context: ValidationContext, fragments: Map<string, FragmentDefinitionNode>): number {
  const schema = context.getSchema();
  const walk = (
    selectionSet: SelectionSetNode | undefined,
    parentType: string,
    multiplier: number,
    seen: Set<string>,
  ): number => {
    if (!selectionSet) return 0;
    const type = schema.getType(parentType);
    const fields =
      type && 'getFields' in type ? (type.getFields() as Record<string, { type: GraphQLOutputType }>) : {};
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const field = fields[selection.name.value];
        cost += multiplier;
        if (!field || !selection.selectionSet) continue;
        // A connection costs its page size; its edges are that page, not a further multiple; any
        // other list is counted as ten items.
        const connection = getNamedType(field.type).name.endsWith('Connection');
        const factor = connection
          ? pageSize(selection.arguments)
          : isList(field.type) && selection.name.value !== 'edges'
            ? 10
            : 1;
        cost += walk(selection.selectionSet, getNamedType(field.type).name, multiplier * factor, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(
          selection.selectionSet,
          selection.typeCondition?.name.value ?? parentType,
          multiplier,
          seen,
        );
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        cost += walk(
          fragment.selectionSet,
          fragment.typeCondition.name.value,
          multiplier,
          new Set([...seen, name]),
        );
      }
    }
    return cost;
  };
  let total = 0;
  for (const definition of context.getDocument().definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root =
      definition.operation === 'query'
        ? schema.getQueryType()
        : definition.operation === 'mutation'
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    if (root) total = Math.max(total, walk(definition.selectionSet, root.name, 1, new Set()));
  }
  return total;
}
