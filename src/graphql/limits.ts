/**
 * Query limits for the GraphQL endpoint, as graphql-js validation rules (run
 * before anything touches the database):
 *   - depth: how many selection sets deep a query goes (fragments followed);
 *   - cost: an estimate of the rows (objects) a query may return — a list or
 *     connection field yields `first`/`last` rows per parent row (the literal,
 *     or a default page size when it has none or passes a variable), an object
 *     field one; summed over the whole query.
 * Filters (connection-filter's `filter`, pg-aggregates' `having`) cost
 * DEFAULT_FILTER_TERM_COST per term (each field or list item in them) per
 * parent row: a filter is SQL the database evaluates on every row it scans.
 * Aggregates: `aggregates` is one object per connection, `groupedAggregates`
 * a list of up to defaultPageSize groups.
 * Introspection (`__schema`, `__type`) is not counted, so GraphiQL works.
 *
 * Shape limits (issue 11, defect 2: 1,500 aliases of `allStageRuns { totalCount }`
 * in 60 KB — zero rows by the estimate above — froze the event loop for 74 s in
 * planning, which grows much faster than the alias count):
 *   - at most MAX_ROOT_FIELDS root fields and MAX_ALIASES aliases per document,
 *     and MAX_FIELDS fields in all (fragments expanded) → QUERY_TOO_WIDE;
 *   - every root field costs ROOT_FIELD_COST rows on top of its own (each is a
 *     query of its own), and every field with a selection at least one.
 * checkQueryShape() is cheap (one walk of the parsed document); the server runs
 * it on the parsed request before grafserv sees it (routes/graphql.ts), so a
 * hostile document is refused before graphql-js's validation (whose
 * overlapping-fields rule is quadratic in the fields of one selection set)
 * and before any planning.
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
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
  type ValidationRule,
} from 'postgraphile/graphql';

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  /** Rows assumed for a list field without a literal first/last. */
  defaultPageSize: number;
  /** Cost of one term of a `filter`/`having` argument, per parent row (default DEFAULT_FILTER_TERM_COST). */
  filterTermCost?: number;
  /** Terms assumed for a filter passed as a variable (default DEFAULT_VARIABLE_FILTER_TERMS). */
  variableFilterTerms?: number;
}

export const MAX_ROOT_FIELDS = 20;
export const MAX_ALIASES = 50;
export const MAX_FIELDS = 1000;
/** What a root field costs before its rows: it is a database query of its own. */
export const ROOT_FIELD_COST = 1000;

export interface QueryShape {
  rootFields: number;
  aliases: number;
  fields: number;
}

/** Counts root fields, aliases and fields (fragments expanded once per spread; cycles cut), stopping early past the caps. */
export function queryShape(document: DocumentNode): QueryShape {
  const fragments: Fragments = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const shape: QueryShape = { rootFields: 0, aliases: 0, fields: 0 };
  const walk = (set: SelectionSetNode, root: boolean, seen: Set<string>) => {
    for (const sel of set.selections) {
      if (shape.fields > MAX_FIELDS) return;
      if (sel.kind === Kind.FIELD) {
        if (isIntrospection(sel)) continue;
        shape.fields++;
        if (sel.alias) shape.aliases++;
        if (root) shape.rootFields++;
        if (sel.selectionSet) walk(sel.selectionSet, false, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, root, seen);
      } else {
        const frag = fragments[sel.name.value];
        if (!frag || seen.has(sel.name.value)) continue;
        seen.add(sel.name.value);
        walk(frag.selectionSet, root, seen);
        seen.delete(sel.name.value);
      }
    }
  };
  for (const def of document.definitions) if (def.kind === Kind.OPERATION_DEFINITION) walk(def.selectionSet, true, new Set());
  return shape;
}

/** The QUERY_TOO_WIDE error for a document over the shape caps, or null. */
export function checkQueryShape(document: DocumentNode): GraphQLError | null {
  const s = queryShape(document);
  const over =
    s.rootFields > MAX_ROOT_FIELDS ? `${s.rootFields} root fields, over the limit of ${MAX_ROOT_FIELDS}` :
    s.aliases > MAX_ALIASES ? `${s.aliases} aliases, over the limit of ${MAX_ALIASES}` :
    s.fields > MAX_FIELDS ? `more than ${MAX_FIELDS} fields` : null;
  if (!over) return null;
  return new GraphQLError(`Query is too wide: ${over}. Split it into smaller requests.`, {
    extensions: { code: 'QUERY_TOO_WIDE', ...s, maxRootFields: MAX_ROOT_FIELDS, maxAliases: MAX_ALIASES, maxFields: MAX_FIELDS },
  });
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
  root = false,
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
      else total += multiplier; // …but asking for it at all (totalCount only) is not free
      if (root) total += ROOT_FIELD_COST;
      total += multiplier * filterCost(sel, ctx.limits);
      total += costOf(sel.selectionSet, named, ctx, multiplier * rows, seen);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const on = sel.typeCondition ? ctx.schema.getType(sel.typeCondition.name.value) ?? parent : parent;
      total += costOf(sel.selectionSet, on, ctx, multiplier, seen, root);
    } else {
      const name = sel.name.value;
      const frag = ctx.fragments[name];
      if (!frag || seen.has(name)) continue;
      seen.add(name);
      total += costOf(frag.selectionSet, ctx.schema.getType(frag.typeCondition.name.value) ?? parent, ctx, multiplier, seen, root);
      seen.delete(name);
    }
  }
  return total;
}

/**
 * What a mutation gets (the schema has none): says what is unsupported and
 * where writes go instead.
 */
export const MUTATIONS_NOT_SUPPORTED =
  'Mutations are not supported: the GraphQL API is read-only (queries and subscriptions only). ' +
  'To add a transcript use the HTTP API POST /transcripts (or `stellar ingest`); to re-run a failed stage ' +
  'POST /dashboard/runs/:id/stages/:stage/retry; to reprocess calls `stellar reprocess` (docs/http-api.md, docs/cli.md).';

/** Arguments whose input objects are conditions evaluated in SQL (connection-filter, pg-aggregates' having). */
const FILTER_ARGS = new Set(['filter', 'having']);

/**
 * Terms of a filter argument: every input-object field and list item in it
 * (`{status: {in: [A, B]}}` is 4), so a long `or` of conditions costs what it
 * asks of the database. A filter passed as a variable costs
 * `limits.variableFilterTerms` (its value is not known here; the server caps
 * variables' size: checkVariablesSize).
 */
export function filterTerms(value: ValueNode, limits: QueryLimits): number {
  switch (value.kind) {
    case Kind.OBJECT:
      return value.fields.reduce((n, f) => n + 1 + filterTerms(f.value, limits), 0);
    case Kind.LIST:
      return value.values.reduce((n, v) => n + 1 + filterTerms(v, limits), 0);
    case Kind.VARIABLE:
      return limits.variableFilterTerms ?? DEFAULT_VARIABLE_FILTER_TERMS;
    default:
      return 0;
  }
}

function filterCost(field: FieldNode, limits: QueryLimits): number {
  let terms = 0;
  for (const arg of field.arguments ?? []) if (FILTER_ARGS.has(arg.name.value)) terms += filterTerms(arg.value, limits);
  return terms * (limits.filterTermCost ?? DEFAULT_FILTER_TERM_COST);
}

export const DEFAULT_FILTER_TERM_COST = 10;
export const DEFAULT_VARIABLE_FILTER_TERMS = 20;
/** Most values (object keys + list items, all variables together) a request's variables may hold. */
export const MAX_VARIABLE_VALUES = 1000;

/** Counts the values in a request's variables, stopping past MAX_VARIABLE_VALUES; the QUERY_TOO_WIDE error when over, else null. */
export function checkVariablesSize(variables: unknown): GraphQLError | null {
  let count = 0;
  const walk = (v: unknown, depth: number): void => {
    if (count > MAX_VARIABLE_VALUES) return;
    if (depth > 50) {
      count = MAX_VARIABLE_VALUES + 1;
      return;
    }
    if (Array.isArray(v)) for (const x of v) { count++; walk(x, depth + 1); }
    else if (v && typeof v === 'object') for (const x of Object.values(v)) { count++; walk(x, depth + 1); }
  };
  walk(variables, 0);
  if (count <= MAX_VARIABLE_VALUES) return null;
  return new GraphQLError(`Query is too wide: its variables hold more than ${MAX_VARIABLE_VALUES} values (or nest deeper than 50). Split it into smaller requests.`, {
    extensions: { code: 'QUERY_TOO_WIDE', maxVariableValues: MAX_VARIABLE_VALUES },
  });
}

export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments: Fragments = {};
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    }
    const wide = checkQueryShape(context.getDocument());
    if (wide) context.reportError(wide);
    return {
      OperationDefinition(op) {
        if (wide) return;
        if (op.operation !== 'query') {
          const schema = context.getSchema();
          const root = op.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
          if (!root) {
            context.reportError(
              new GraphQLError(op.operation === 'mutation' ? MUTATIONS_NOT_SUPPORTED : `Subscriptions are not supported by this schema.`, {
                nodes: [op],
                extensions: { code: 'READ_ONLY', unsupported: op.operation },
              }),
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
        const cost = costOf(op.selectionSet, root ?? undefined, { schema, fragments, limits }, 1, new Set(), true);
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
