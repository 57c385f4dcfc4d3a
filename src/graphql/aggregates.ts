/**
 * Aggregates (@graphile/pg-aggregates) with the API's number rules: numbers
 * are JSON numbers, never the BigInt/BigFloat strings PostgreSQL's result
 * types would give (sum(int) is bigint, avg(int) numeric):
 *   - sum, average, standard deviations and variances of a numeric column are
 *     double precision (`Float`): exact for sums up to 2^53 ms (285 000 years);
 *   - distinctCount is `Int`;
 *   - min and max keep the column's own type (`durationMs` stays `Int`).
 * Owns: those result types. Must not: add or remove aggregates.
 */
import type { PgCodec } from 'postgraphile/@dataplan/pg';

type Spec = {
  id: string;
  sqlAggregateWrap: (frag: any, codec: PgCodec<any, any, any, any>) => any;
  pgTypeCodecModifier?: (codec: PgCodec<any, any, any, any>) => PgCodec<any, any, any, any>;
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
