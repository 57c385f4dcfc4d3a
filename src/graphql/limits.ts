/**
 * Query limits for the GraphQL endpoint, as graphql-js validation rules (run
 * before anything touches the database):
 *   - depth: how many selection sets deep a query goes (fragments followed);
 *   - cost: an estimate of the rows (objects) a query may return — a list or
 *     connection field yields `first`/`last` rows per parent row (the literal,
 *     or a default page size when it has none or passes a variable), an object
 *     field one; summed over the whole query.
 * Introspection (`__schema`, `__type`) is not counted, so GraphiQL works.
 * Together with the statement timeout (pgSettings) no single request can
 * hold the database for long.
 */
import {
  GraphQLError,
  Kind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'postgraphile/graphql';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  /** Rows assumed for a list field without a literal first/last. */
  defaultPageSize: number;
}

type Fragments = Record<string, FragmentDefinitionNode>;

function isIntrospection(field: FieldNode): boolean {
  return field.name.value.startsWith('__');
}

function pageSize(field: FieldNode, fallback: number): number | null {
  for (const arg of field.arguments ?? []) {
    if (arg.name.value === 'first' || arg.name.value === 'last') {
      return arg.value.kind === Kind.INT ? Number(arg.value.value) : fallback;
    }
  }
  return null;
}

/** Depth of a selection set: 1 for a set of leaves. */
function depthOf(set: SelectionSetNode, fragments: Fragments, seen: Set<string>): number {
  let max = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (isIntrospection(sel)) continue;
      max = Math.max(max, sel.selectionSet ? 1 + depthOf(sel.selectionSet, fragments, seen) : 1);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depthOf(sel.selectionSet, fragments, seen));
    } else {
      const name = sel.name.value;
      const frag = fragments[name];
      if (!frag || seen.has(name)) continue; // a fragment cycle is reported by graphql-js itself
      seen.add(name);
      max = Math.max(max, depthOf(frag.selectionSet, fragments, seen));
      seen.delete(name);
    }
  }
  return max;
}

/**
 * Cost of a selection set, in rows: `multiplier` is the number of parent rows.
 * A connection multiplies what is below it by its page size, and its
 * `nodes`/`edges` are those rows (counted once); a plain list field is rows
 * of its own; an object field is one row per parent; scalars are free.
 */
function costOf(
  set: SelectionSetNode,
  parent: GraphQLNamedType | undefined,
  ctx: { schema: GraphQLSchema; fragments: Fragments; limits: QueryLimits },
  multiplier: number,
  seen: Set<string>,
): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (isIntrospection(sel) || !sel.selectionSet) continue;
      const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[sel.name.value] : undefined;
      const type = def ? getNullableType(def.type) : undefined;
      const named = def ? getNamedType(def.type) : undefined;
      const isConnection = !!named && named.name.endsWith('Connection');
      const insideConnection = !!parent && parent.name.endsWith('Connection');
      const isList = !!type && isListType(type) && !insideConnection;
      const rows = isConnection || isList ? Math.max(1, pageSize(sel, ctx.limits.defaultPageSize) ?? ctx.limits.defaultPageSize) : 1;
      if (!isConnection) total += multiplier * rows; // the connection's rows are counted at its nodes/edges
      total += costOf(sel.selectionSet, named, ctx, multiplier * rows, seen);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const on = sel.typeCondition ? ctx.schema.getType(sel.typeCondition.name.value) ?? parent : parent;
      total += costOf(sel.selectionSet, on, ctx, multiplier, seen);
    } else {
      const name = sel.name.value;
      const frag = ctx.fragments[name];
      if (!frag || seen.has(name)) continue;
      seen.add(name);
      total += costOf(frag.selectionSet, ctx.schema.getType(frag.typeCondition.name.value) ?? parent, ctx, multiplier, seen);
      seen.delete(name);
    }
  }
  return total;
}

export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments: Fragments = {};
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    }
    return {
      OperationDefinition(op) {
        if (op.operation !== 'query') {
          const schema = context.getSchema();
          const root = op.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
          if (!root) {
            context.reportError(
              new GraphQLError(`This API is read-only: the schema has no ${op.operation}s.`, { nodes: [op], extensions: { code: 'READ_ONLY' } }),
            );
            return;
          }
        }
        const depth = depthOf(op.selectionSet, fragments, new Set());
        if (depth > limits.maxDepth) {
          context.reportError(
            new GraphQLError(`Query is too deep: depth ${depth} exceeds the limit of ${limits.maxDepth}.`, {
              nodes: [op],
              extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth: limits.maxDepth },
            }),
          );
          return;
        }
        const schema = context.getSchema();
        const root = op.operation === 'query' ? schema.getQueryType() : op.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
        const cost = costOf(op.selectionSet, root ?? undefined, { schema, fragments, limits }, 1, new Set());
        if (cost > limits.maxCost) {
          context.reportError(
            new GraphQLError(`Query is too expensive: it may return ${cost} rows, over the limit of ${limits.maxCost} (ask for fewer with first/last).`, {
              nodes: [op],
              extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: limits.maxCost },
            }),
          );
        }
      },
    };
  };
}
