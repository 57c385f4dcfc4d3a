/**
 * Synthetic run history for benchmarks: N transcripts, N pipeline runs spread
 * over the last D days, and one stage_runs row per stage per run (8 N), with
 * realistic statuses (≈90 % succeeded, 5 % partial with draft_social failed,
 * 5 % failed at parse or structure with the rest skipped, the newest 0.5 %
 * still in their fan-out stages), queue waits and durations. Pure SQL (generate_series), in
 * one transaction: 100 000 runs and 800 000 stage runs take seconds.
 *
 *   tsx scripts/generate-runs.ts --database-url postgres://…/db [--runs 100000] [--days 30]
 *
 * The database must be migrated. Rows are added to what is there.
 */
import pg from 'pg';
import { STAGES } from '../src/pipeline/stages.ts';

export interface GenerateOptions {
  runs?: number;
  days?: number;
}

export interface GenerateResult {
  runs: number;
  stageRuns: number;
  ms: number;
}

export async function generateRuns(databaseUrl: string, opts: GenerateOptions = {}): Promise<GenerateResult> {
  const runs = opts.runs ?? 100_000;
  const days = opts.days ?? 30;
  const started = Date.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    // A random tag keeps content hashes unique when the script runs twice on one database.
    const tag = Math.random().toString(36).slice(2);
    await client.query(
      `create temporary table gen_runs on commit drop as
       select i,
              gen_random_uuid() as run_id,
              gen_random_uuid() as transcript_id,
              now() - ($2::float8 * 86400 * i / $1) * interval '1 second' as created_at,
              (array['upload','upload','upload','inbox','cli','reprocess','backfill'])[1 + (i % 7)] as trigger,
              case
                when i <= greatest(1, $1 / 200) then 'running'
                when i % 100 < 90 then 'succeeded'
                when i % 100 < 95 then 'partial'
                when i % 100 < 97 then 'failed_parse'
                else 'failed_structure'
              end as outcome
       from generate_series(1, $1::int) as i`,
      [runs, days],
    );
    await client.query(
      `insert into stellar.transcripts (id, content_sha256, file_name, format, raw_text, rep, account, source, received_at)
       select transcript_id, encode(sha256(convert_to($1 || ':' || i, 'UTF8')), 'hex'), 'call-' || i || '.txt', 'plain',
              'Alex: hello ' || i || E'\\nSam: hi', (array['Dana','Eli','Fay','Gus'])[1 + (i % 4)], 'Account ' || (i % 500),
              'upload', created_at
       from gen_runs`,
      [tag],
    );
    // Stage i (1..8) waits a little then runs; per-stage typical durations (ms) with jitter.
    await client.query(
      `create temporary table gen_stages on commit drop as
       select r.run_id, r.outcome, s.stage, s.ord,
              r.created_at + ((s.ord - 1) * 400 + (r.i % 37) * 3) * interval '1 millisecond' as queued_at,
              (5 + (r.i * 7 + s.ord * 13) % 60) as wait_ms,
              (array[15, 120, 25, 60, 90, 70, 45, 80])[s.ord] + ((r.i * 31 + s.ord * 17) % 97) as run_ms
       from gen_runs r
       cross join unnest($1::text[]) with ordinality as s(stage, ord)`,
      [STAGES],
    );
    await client.query(
      `insert into stellar.pipeline_runs (id, transcript_id, trigger, status, stages, priority, created_at, started_at, finished_at, error)
       select run_id, transcript_id, trigger,
              case outcome when 'running' then 'running' when 'succeeded' then 'succeeded' when 'partial' then 'partial' else 'failed' end,
              $1::text[], case when trigger in ('reprocess','backfill') then 10 else 0 end,
              created_at, created_at + interval '8 milliseconds',
              case when outcome = 'running' then null else created_at + interval '3500 milliseconds' end,
              case outcome when 'partial' then 'draft_social: model unavailable'
                           when 'failed_parse' then 'parse: no speaker turns found'
                           when 'failed_structure' then 'structure: invalid facts' end
       from gen_runs`,
      [STAGES],
    );
    await client.query(
      `insert into stellar.stage_runs (run_id, stage, status, attempt, queued_at, started_at, finished_at, duration_ms, provider, model, agent_version, error)
       select run_id, stage, st.status,
              case when st.status = 'skipped' then 0 else 1 end,
              queued_at,
              case when st.status in ('skipped', 'queued') then null else queued_at + wait_ms * interval '1 millisecond' end,
              case when st.status in ('skipped', 'queued', 'running') then (case when st.status = 'skipped' then queued_at end)
                   else queued_at + (wait_ms + run_ms) * interval '1 millisecond' end,
              case when st.status in ('succeeded', 'failed') then run_ms end,
              case when st.status = 'succeeded' then 'builtin' end,
              case when st.status = 'succeeded' then 'builtin' end,
              case when st.status = 'succeeded' then 'v1' end,
              case st.status when 'failed' then (case stage when 'parse' then 'no speaker turns found' when 'structure' then 'invalid facts' else 'model unavailable' end)
                             when 'skipped' then 'not run: upstream failed' end
       from gen_stages g
       cross join lateral (select case
         when g.outcome = 'succeeded' then 'succeeded'
         when g.outcome = 'partial' then case when g.stage = 'draft_social' then 'failed' else 'succeeded' end
         when g.outcome = 'failed_parse' then case when g.ord = 1 then 'failed' else 'skipped' end
         when g.outcome = 'failed_structure' then case when g.ord = 1 then 'succeeded' when g.ord = 2 then 'failed' else 'skipped' end
         else case when g.ord <= 4 then 'succeeded' when g.ord <= 6 then 'running' else 'queued' end
       end as status) st`,
    );
    await client.query('commit');
    // As after autovacuum in a live system: statistics and the visibility map (index-only scans).
    await client.query('vacuum analyze stellar.transcripts, stellar.pipeline_runs, stellar.stage_runs');
    const { rows } = await client.query<{ runs: number; stages: number }>(
      'select (select count(*) from stellar.pipeline_runs)::int as runs, (select count(*) from stellar.stage_runs)::int as stages',
    );
    return { runs: rows[0].runs, stageRuns: rows[0].stages, ms: Date.now() - started };
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const url = arg('database-url') ?? process.env.DATABASE_URL;
  if (!url) {
    console.error('usage: tsx scripts/generate-runs.ts --database-url URL [--runs N] [--days D]');
    process.exit(2);
  }
  const result = await generateRuns(url, { runs: arg('runs') ? Number(arg('runs')) : undefined, days: arg('days') ? Number(arg('days')) : undefined });
  console.log(`generated: ${result.runs} runs, ${result.stageRuns} stage runs in the database (${result.ms} ms)`);
}
