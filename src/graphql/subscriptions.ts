/**
 * Live run status for GraphQL: `subscription { runChanged(runId: …) { … } }`.
 * sql/077_graphql_live.sql NOTIFYs `stellar_run_changed` (every run) and
 * `stellar_run_changed:<run id>` (one run) when a run or one of its stages
 * changes status; PostGraphile's pgSubscriber (one LISTEN connection from the
 * GraphQL pool) turns those into events, and each event is answered with the
 * run row read through stellar_api.pipeline_runs as the GraphQL role.
 * Served over WebSockets (graphql-transport-ws) on /graphql; the upgrade
 * request is authenticated like any other (src/server/routes/graphql.ts).
 * Owns: the Subscription type's fields. Must not: know about transports or auth.
 */
import { extendSchema, gql } from 'postgraphile/utils';
import { access, context, lambda, listen, type Step } from 'postgraphile/grafast';
import { jsonParse } from 'postgraphile/@dataplan/json';
import { API_SCHEMA } from './constants.ts';

/** The channels sql/077 notifies. */
export const RUN_CHANNEL = 'stellar_run_changed';
export const runChannel = (runId: string | null | undefined): string => (runId ? `${RUN_CHANNEL}:${runId}` : RUN_CHANNEL);

/** What the trigger sends (sql/077_graphql_live.sql). */
interface RunChangePayload {
  runId: string;
  event: 'run' | 'stage';
  status: string;
  stage?: string;
}

export const RunChangedSubscriptionPlugin = extendSchema((build) => {
  const resources = build.input.pgRegistry.pgResources as Record<string, any>;
  const runs = Object.values(resources).find(
    (r) => !r.parameters && r.codec?.extensions?.pg?.schemaName === API_SCHEMA && r.codec.extensions.pg.name === 'pipeline_runs',
  );
  if (!runs) throw new Error(`runChanged: ${API_SCHEMA}.pipeline_runs is not in the GraphQL schema`);
  const runType = build.inflection.tableType(runs.codec);
  return {
    typeDefs: gql`
      """One change of a pipeline run: its own status, or the status of one of its stages."""
      type RunChange {
        """RUN when the run's own status changed, STAGE when one of its stages did."""
        event: String!
        runId: UUID!
        """The stage that changed (event STAGE), else null."""
        stage: String
        """The new status (of the run, or of the stage), e.g. RUNNING, SUCCEEDED, FAILED."""
        status: String!
        """The run as it is now (read when the event is delivered)."""
        run: ${runType}
      }
      extend type Subscription {
        """
        Every status change of runs and their stages, as they commit; only those of one run with runId.
        Served over WebSockets (graphql-transport-ws protocol) on /graphql.
        """
        runChanged(runId: UUID): RunChange
      }
    `,
    objects: {
      Subscription: {
        plans: {
          runChanged: {
            subscribePlan(_$root: Step, fieldArgs: any) {
              const $runId = fieldArgs.getRaw('runId') as Step<string | null>;
              const $topic = lambda($runId, runChannel);
              const $subscriber = context().get('pgSubscriber') as Step<any>;
              return listen($subscriber, $topic, jsonParse);
            },
            plan($event: Step) {
              return $event;
            },
          },
        },
      },
      RunChange: {
        plans: {
          event: ($e: Step<RunChangePayload>) => lambda(access($e, 'event'), (v: string) => String(v).toUpperCase()),
          runId: ($e: Step<RunChangePayload>) => access($e, 'runId'),
          stage: ($e: Step<RunChangePayload>) => access($e, 'stage'),
          status: ($e: Step<RunChangePayload>) => lambda(access($e, 'status'), (v: string) => String(v).toUpperCase()),
          run: ($e: Step<RunChangePayload>) => runs.get({ id: access($e, 'runId') }),
        },
      },
    },
  };
}, 'StellarRunChangedSubscriptionPlugin');
