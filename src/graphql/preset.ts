/**
 * The PostGraphile v5 preset: the read-only `stellar_api` schema (views and
 * SQL functions only, sql/025_api_views.sql and later), no mutations, the role
 * `stellar_graphql` set per request with a statement timeout (pgSettings),
 * query depth/cost limits, filters (postgraphile-plugin-connection-filter:
 * `filter: {status: {in: [FAILED, PARTIAL]}, durationMs: {greaterThan: 60000}}`),
 * aggregates (@graphile/pg-aggregates: `aggregates { sum { … } }`,
 * `groupedAggregates(groupBy: …)`), the live-status subscription `runChanged`
 * over WebSockets (subscriptions.ts), the time-range conditions kept from
 * before, and Ruru at /graphiql when STELLAR_GRAPHIQL is on.
 * Owns: what the GraphQL schema exposes and how requests reach Postgres.
 * Must not: know about Hono or auth (src/server/routes/graphql.ts does).
 */
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { addPgTableCondition } from 'postgraphile/utils';
import { GraphQLError, type GraphQLInputType } from 'postgraphile/graphql';
import { defaultMaskError } from 'postgraphile/grafserv';
import { SafeError } from 'postgraphile/grafast';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';
import { PgAggregatesPreset } from '@graphile/pg-aggregates';
import type pg from 'pg';
import type { Config } from '../config/index.ts';
import { checkVariablesSize, queryLimitsRule, type QueryLimits } from './limits.ts';
import { API_SCHEMA, GRAPHQL_ROLE } from './constants.ts';
import { RunChangedSubscriptionPlugin } from './subscriptions.ts';
import { AggregateNumbersPlugin, AggregatedViewsPlugin } from './aggregates.ts';

export { API_SCHEMA, GRAPHQL_ROLE } from './constants.ts';

/** A condition field `<name>: Datetime` comparing a timestamp column of a view with `>=` or `<`. */
function timeCondition(table: string, name: string, column: string, op: '>=' | '<', description: string): GraphileConfig.Plugin {
  return addPgTableCondition({ schemaName: API_SCHEMA, tableName: table }, name, (build) => {
    const { sql } = build;
    const { TYPES, sqlValueWithCodec } = build.dataplanPg;
    const compare = op === '>=' ? sql.fragment`>=` : sql.fragment`<`;
    return {
      description,
      type: build.getTypeByName('Datetime') as GraphQLInputType,
      apply(condition: { alias: unknown; where(frag: unknown): void }, value: unknown) {
        if (value == null) return;
        condition.where(sql`${condition.alias as never}.${sql.identifier(column)} ${compare} ${sqlValueWithCodec(value, TYPES.timestamptz)}`);
      },
    };
  });
}

/**
 * Without the Node interface there is no global `id` to clash with, so a
 * column named `id` stays `id` (PostGraphile would otherwise call it `rowId`);
 * enum values are CONSTANT_CASE as in most GraphQL APIs.
 */
const KeepIdNamesPlugin: GraphileConfig.Plugin = {
  name: 'StellarKeepIdNamesPlugin',
  version: '1.0.0',
  inflection: {
    replace: {
      _attributeName(previous, _options, details) {
        return previous!({ ...details, skipRowId: true });
      },
      // Enum values in GraphQL's usual CONSTANT_CASE: `condition: {status: FAILED}`.
      enumValue(previous, _options, value, codec) {
        return this.constantCase(previous!(value, codec));
      },
    },
  },
};

/** Adds the depth/cost validation rule to grafserv's rules. */
function queryLimitsPlugin(limits: QueryLimits): GraphileConfig.Plugin {
  return {
    name: 'StellarQueryLimitsPlugin',
    version: '1.0.0',
    grafserv: {
      middleware: {
        setPreset(next, event) {
          event.validationRules.push(queryLimitsRule(limits));
          return next();
        },
        // Over HTTP and WebSockets alike: variables too large to weigh are refused before validation.
        processGraphQLRequestBody(next, event) {
          const wide = checkVariablesSize(event.body.variableValues);
          if (wide) throw new SafeError(wide.message, { ...wide.extensions, statusCode: 400 });
          return next();
        },
      },
    },
  };
}

export interface PresetOptions {
  config: Config;
  /** The pool GraphQL uses (src/graphql/index.ts makes a small one of its own and ends it). */
  pool: pg.Pool;
}

export function makePreset({ config, pool }: PresetOptions): GraphileConfig.Preset {
  return {
    extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset, PgAggregatesPreset],
    // Read-only: no Mutation type at all (the role could not write anyway).
    disablePlugins: ['NodePlugin', 'QueryQueryPlugin', 'MutationPlugin', 'MutationPayloadQueryPlugin', 'ClientMutationIdDescriptionPlugin'],
    plugins: [
      KeepIdNamesPlugin,
      RunChangedSubscriptionPlugin,
      AggregateNumbersPlugin,
      AggregatedViewsPlugin,
      timeCondition('pipeline_runs', 'createdAfter', 'created_at', '>=', 'Runs created at or after this time.'),
      timeCondition('pipeline_runs', 'createdBefore', 'created_at', '<', 'Runs created before this time.'),
      timeCondition('stage_runs', 'finishedAfter', 'finished_at', '>=', 'Stage runs that ended at or after this time.'),
      timeCondition('stage_runs', 'finishedBefore', 'finished_at', '<', 'Stage runs that ended before this time.'),
      timeCondition('alerts', 'createdAfter', 'created_at', '>=', 'Alerts recorded at or after this time.'),
      queryLimitsPlugin({
        maxDepth: config.STELLAR_GRAPHQL_MAX_DEPTH,
        maxCost: config.STELLAR_GRAPHQL_MAX_COST,
        defaultPageSize: 100,
      }),
    ],
    schema: {
      // Belt and braces: even if a mutation plugin came back, views are not writable through GraphQL.
      // Aggregates only on the views of AggregatedViewsPlugin (src/graphql/aggregates.ts); no ordering or
      // filtering by aggregates of related rows (a subquery per row, and hundreds of enum values).
      defaultBehavior: '-insert -update -delete -aggregates -groupedAggregates -aggregates:orderBy -aggregates:filterBy',
      // Filters on the columns of each view (and setof functions); not across relations
      // (a filter on a related connection is a subquery per row: use the nested connection's own filter).
      connectionFilterRelations: false,
      connectionFilterComputedColumns: false,
      connectionFilterAllowNullInput: false,
      connectionFilterAllowEmptyObjectInput: false,
    },
    pgServices: [
      makePgService({
        pool,
        schemas: [API_SCHEMA],
        pubsub: true, // runChanged: one LISTEN connection from this pool, taken on the first subscription
        // Applied with set_config(..., true) inside each request's transaction:
        // SET LOCAL ROLE + statement timeout, so nothing leaks to the next request.
        pgSettings: {
          role: GRAPHQL_ROLE,
          statement_timeout: String(config.STELLAR_GRAPHQL_TIMEOUT_MS),
        },
      }),
    ],
    grafserv: {
      graphqlPath: '/graphql',
      graphiql: config.STELLAR_GRAPHIQL,
      graphiqlPath: '/graphiql',
      graphiqlOnGraphQLGET: false,
      graphqlOverGET: false,
      // Subscriptions (graphql-transport-ws) on GET /graphql with Upgrade: websocket; the Node server
      // takes the upgrade (src/server/serve.ts) and the Hono route authenticates it first.
      websockets: true,
      watch: false,
      maxRequestLength: 100_000,
      // Unexpected errors stay masked (logged with a hash); a statement timeout is the client's to know.
      maskError(error) {
        const cause = error.originalError as { code?: string } | undefined;
        if (cause?.code === '57014') {
          return new GraphQLError(
            `The query was cancelled: it ran longer than the statement timeout of ${config.STELLAR_GRAPHQL_TIMEOUT_MS} ms. Ask for fewer rows or a narrower time window.`,
            { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: { code: 'STATEMENT_TIMEOUT' } },
          );
        }
        return defaultMaskError(error);
      },
    },
    grafast: {
      explain: false,
    },
  };
}
