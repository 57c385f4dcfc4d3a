/**
 * Aggregates (@graphile/pg-aggregates) with the API's number rules: numbers
 * are JSON numbers, never the BigInt/BigFloat strings PostgreSQL's result
 * types would give (sum(int) is bigint, avg(int) numeric):
 *   - sum, average, standard deviations and variances of a numeric column are
 *     double precision (`Float`): exact for sums up to 2^53 ms (285 000 years);
 *   - distinctCount is `Int`;
 *   - min and max keep the column's own type (`durationMs` stays `Int`).
 * And only where they are worth their weight: every aggregate type is a set
 * of GraphQL types per view (on all 20 views they tripled the schema, 137 →
 * 619 types, and its build time, 1.2 → 4.0 s), so the preset turns
 * `aggregates`/`groupedAggregates` off by default and AGGREGATED_VIEWS turns
 * them back on for the views whose numbers people total and average.
 * Owns: those result types and that list. Must not: add aggregate kinds.
 */
import type { PgCodec } from 'postgraphile/@dataplan/pg';

type Spec = {
  id: string;
  sqlAggregateWrap: (frag: any, codec: PgCodec<any, any, any, any>) => any;
  pgTypeCodecModifier?: (codec: PgCodec<any, any, any, any>) => PgCodec<any, any, any, any>;
};

/** Views of stellar_api with `aggregates` and `groupedAggregates` on their connections. */
export const AGGREGATED_VIEWS: ReadonlySet<string> = new Set(['pipeline_runs', 'stage_runs', 'speaker_metrics']);

export const AggregatedViewsPlugin: GraphileConfig.Plugin = {
  name: 'StellarAggregatedViewsPlugin',
  version: '1.0.0',
  schema: {
    entityBehavior: {
      pgResource: {
        override(behavior, resource) {
          const pg = (resource.codec.extensions as { pg?: { schemaName?: string; name?: string } } | undefined)?.pg;
          if (resource.parameters || pg?.schemaName !== 'stellar_api' || !AGGREGATED_VIEWS.has(pg.name ?? '')) return behavior;
          return [behavior, 'aggregates', 'groupedAggregates'] as GraphileBuild.BehaviorString[];
        },
      },
    },
  },
};

const isNumberLike = (codec: PgCodec<any, any, any, any>): boolean => !!(codec.extensions as { isNumberLike?: boolean } | undefined)?.isNumberLike;

export const AggregateNumbersPlugin: GraphileConfig.Plugin = {
  name: 'StellarAggregateNumbersPlugin',
  version: '1.0.0',
  after: ['PgAggregatesSpecsPlugin'],
  schema: {
    hooks: {
      build(build) {
        const specs = (build as unknown as { pgAggregateSpecs?: Spec[] }).pgAggregateSpecs;
        const { sql, dataplanPg } = build;
        if (!specs || !sql || !dataplanPg) return build;
        const { TYPES } = dataplanPg;
        const replaced = specs.map((spec): Spec => {
          if (spec.id === 'min' || spec.id === 'max') return spec;
          if (spec.id === 'distinctCount') {
            return { ...spec, sqlAggregateWrap: (frag, codec) => sql`(${spec.sqlAggregateWrap(frag, codec)})::int`, pgTypeCodecModifier: () => TYPES.int };
          }
          return {
            ...spec,
            sqlAggregateWrap: (frag, codec) => (isNumberLike(codec) ? sql`(${spec.sqlAggregateWrap(frag, codec)})::float8` : spec.sqlAggregateWrap(frag, codec)),
            pgTypeCodecModifier: (codec) => (isNumberLike(codec) ? TYPES.float : (spec.pgTypeCodecModifier?.(codec) ?? codec)),
          };
        });
        specs.splice(0, specs.length, ...replaced); // in place: build.extend refuses a key that exists
        return build;
      },
    },
  },
};
