/**
 * Synthetic sales calls for the search benchmark: N chunks (default 100 000)
 * in calls of 25 chunks, with their transcripts, runs, succeeded stage runs
 * (so stellar.current_runs knows the current versions), facts (buyer
 * company, seller participants), side-aware chunks and built-in vectors made
 * by the real embedder. Inserted directly with batched unnest (no pipeline):
 * vectors are computed in this process, rows go in 2 000 at a time, and the
 * HNSW index is dropped before and rebuilt after the load.
 * Text comes from templates over sales topics (pricing, budget, integration,
 * security, timing, competitors, legal, onboarding, support, renewal) with
 * invented companies, people and amounts — seeded, so every run is the same.
 *
 *   tsx scripts/generate-calls.ts --database-url postgres://…/db [--chunks 100000]
 *
 * The database must be migrated. Owns nothing the product uses.
 */
import pg from 'pg';
import { BuiltinProvider } from '../src/agents/builtin/index.ts';

export interface GenerateCallsOptions {
  chunks?: number;
  chunksPerCall?: number;
  accounts?: number;
  reps?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface GenerateCallsResult {
  calls: number;
  chunks: number;
  accounts: string[];
  reps: string[];
  ms: { text: number; embed: number; insert: number; index: number };
}

/** mulberry32: small, fast, seeded. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Avery', 'Blake', 'Casey', 'Devon', 'Emery', 'Finley', 'Harper', 'Jordan', 'Kendall', 'Logan', 'Morgan', 'Parker', 'Quinn', 'Reese', 'Rowan', 'Sawyer', 'Taylor', 'Skyler', 'Marlow', 'Ellis'];
const LAST = ['Abbott', 'Barrow', 'Calloway', 'Dunmore', 'Everly', 'Fairholm', 'Garrick', 'Hollis', 'Ingram', 'Jessup', 'Kilbride', 'Lorne', 'Merritt', 'Norcross', 'Oakley', 'Pendle', 'Radley', 'Stroud', 'Tolland', 'Vance'];
const CO_A = ['Amber', 'Birch', 'Cobalt', 'Dune', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Iris', 'Juniper', 'Kestrel', 'Linden', 'Meadow', 'Nimbus', 'Orchard', 'Pine', 'Quarry', 'Raven', 'Sable', 'Thistle'];
const CO_B = ['Foods', 'Logistics', 'Freight', 'Supply', 'Distributors', 'Medical', 'Furniture', 'Beverages', 'Linen', 'Aggregates'];
const COMPETITORS = ['Routewise', 'Fleetly', 'Dispatchr', 'Mapwell', 'Trackara', 'Loadstar'];
const SYSTEMS = ['SAP', 'Dynamics 365', 'NetSuite', 'Shopify', 'Salesforce', 'Oracle', 'Odoo'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

type Slots = { pick: <T>(xs: readonly T[]) => T; n: (lo: number, hi: number) => number };
type Template = (s: Slots) => string;

const TOPICS: Record<string, { buyer: Template[]; seller: Template[] }> = {
  pricing: {
    buyer: [
      (s) => `That price is higher than we expected for ${s.n(20, 300)} trucks.`,
      (s) => `Can you do anything on the per vehicle cost? ${s.pick(COMPETITORS)} came in lower.`,
      (s) => `We would need a discount of ${s.n(5, 25)} percent to get this approved.`,
    ],
    seller: [
      (s) => `The list price is $${s.n(50, 140)} per vehicle per month, billed annually.`,
      (s) => `If you sign this quarter I can take ${s.n(5, 20)} percent off the first year.`,
      (s) => `The implementation fee is a one-time $${s.n(5, 20)},000, and we can waive part of it.`,
    ],
  },
  budget: {
    buyer: [
      (s) => `Our budget for routing next year is about $${s.n(30, 200)},000.`,
      (s) => `Anything over $${s.n(25, 100)},000 needs sign-off from our CFO.`,
      (s) => `Finance has frozen new spending until ${s.pick(MONTHS)}.`,
    ],
    seller: [(s) => `Who owns the budget for this, and when is it set?`, (s) => `We could phase the rollout so the first year fits under $${s.n(30, 150)},000.`],
  },
  integration: {
    buyer: [
      (s) => `Our orders live in ${s.pick(SYSTEMS)}, and my team will not type them twice.`,
      (s) => `The connector must be read-only; I don't want write access to our ERP.`,
      (s) => `Our IT team is ${s.n(2, 9)} people and they are busy until ${s.pick(MONTHS)}.`,
    ],
    seller: [
      (s) => `We have a standard connector for ${s.pick(SYSTEMS)} that syncs orders every ${s.n(2, 15)} minutes.`,
      (s) => `The integration usually takes ${s.n(2, 6)} weeks, and most of the work is on our side.`,
    ],
  },
  security: {
    buyer: [
      (s) => `Our IT director will want a SOC 2 report and single sign-on before anyone logs in.`,
      (s) => `Where is the driver location data stored, and for how long?`,
      (s) => `We need the penetration test summary and the security questionnaire answered.`,
    ],
    seller: [
      (s) => `We support SAML single sign-on and SCIM provisioning on every plan.`,
      (s) => `Location history is kept for ${s.n(30, 120)} days by default, encrypted at rest.`,
    ],
  },
  timing: {
    buyer: [
      (s) => `${s.pick(MONTHS)} is our peak season, so nothing can change before then.`,
      (s) => `We can't go live before the holidays; January is the earliest.`,
      (s) => `Our current contract runs until the end of ${s.pick(MONTHS)}.`,
    ],
    seller: [(s) => `Then let's plan the go-live for ${s.pick(MONTHS)} and run the pilot on historical data first.`],
  },
  competitor: {
    buyer: [
      (s) => `We are also looking at ${s.pick(COMPETITORS)}, and they quoted $${s.n(30, 120)},000 a year.`,
      (s) => `${s.pick(COMPETITORS)} included notifications in their base price.`,
    ],
    seller: [(s) => `Did ${s.pick(COMPETITORS)} show you how they handle delivery windows and mixed loads?`],
  },
  legal: {
    buyer: [
      (s) => `Legal will want a termination clause if the service is down for more than a day.`,
      (s) => `Our counsel asked about the liability cap and the data processing agreement.`,
    ],
    seller: [(s) => `We can add a termination right if we miss the uptime commitment ${s.n(2, 3)} months in a row.`],
  },
  onboarding: {
    buyer: [(s) => `How long does training take for ${s.n(3, 30)} dispatchers?`, (s) => `Our drivers are not comfortable with new apps on their phones.`],
    seller: [(s) => `Onboarding is ${s.n(2, 5)} remote sessions, and each depot goes live in about ${s.n(1, 4)} weeks.`],
  },
  support: {
    buyer: [(s) => `Last ${s.pick(MONTHS)} the sync stopped for a whole day and we missed deliveries.`, (s) => `I still have not seen the written incident report.`],
    seller: [(s) => `We now alert within ${s.n(2, 10)} minutes if the sync stops, and support answers around the clock.`],
  },
  renewal: {
    buyer: [(s) => `A ${s.n(3, 9)} percent increase at renewal is hard to justify.`, (s) => `We want the electronic signature module for proof of delivery.`],
    seller: [(s) => `If you renew for two years I can hold the increase to ${s.n(1, 4)} percent.`],
  },
};
const TOPIC_NAMES = Object.keys(TOPICS);

/** Generates chunk texts and their metadata (no database). */
export function syntheticCorpus(opts: GenerateCallsOptions = {}) {
  const total = opts.chunks ?? 100_000;
  const perCall = opts.chunksPerCall ?? 25;
  const rnd = prng(opts.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const n = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const slots: Slots = { pick, n };
  const accounts = Array.from({ length: opts.accounts ?? 400 }, (_, i) => `${CO_A[i % CO_A.length]} ${CO_B[Math.floor(i / CO_A.length) % CO_B.length]}${i >= 200 ? ` ${Math.floor(i / 200) + 1}` : ''}`);
  const reps = Array.from({ length: opts.reps ?? 40 }, (_, i) => `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`);
  const calls: { account: string; rep: string; buyer: string; meetingAt: Date; chunks: { side: 'buyer' | 'seller'; speaker: string; text: string }[] }[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let made = 0; made < total; ) {
    const account = pick(accounts);
    const rep = pick(reps);
    const buyer = `${pick(FIRST)} ${pick(LAST)}`;
    const focus = [pick(TOPIC_NAMES), pick(TOPIC_NAMES), pick(TOPIC_NAMES)];
    const chunks: (typeof calls)[number]['chunks'] = [];
    for (let i = 0; i < perCall && made < total; i++, made++) {
      const side = i % 2 === 0 ? 'seller' : 'buyer';
      const speaker = side === 'seller' ? rep : buyer;
      const sentences = Array.from({ length: n(2, 4) }, () => {
        const topic = rnd() < 0.7 ? pick(focus) : pick(TOPIC_NAMES);
        return pick(TOPICS[topic][side])(slots);
      });
      chunks.push({ side, speaker, text: `${speaker}: ${sentences.join(' ')}` });
    }
    calls.push({ account, rep, buyer, meetingAt: new Date(start + Math.floor(rnd() * 330) * 86_400_000), chunks });
  }
  return { calls, accounts, reps, slots };
}

/** Queries for the benchmark, drawn from the same templates (fresh slot values) and plain topic questions. */
export function syntheticQueries(count: number, seed = 7): string[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const n = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const plain = ['pricing discount', 'who signs off on the budget', 'ERP integration read-only', 'single sign-on and SOC 2', 'peak season go-live', 'competitor quote', 'termination clause', 'training dispatchers', 'sync outage incident report', 'renewal increase'];
  return Array.from({ length: count }, (_, i) => (i % 3 === 0 ? pick(plain) : pick(TOPICS[pick(TOPIC_NAMES)][rnd() < 0.5 ? 'buyer' : 'seller'])({ pick, n })));
}

export async function generateCalls(databaseUrl: string, opts: GenerateCallsOptions = {}): Promise<GenerateCallsResult> {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const { calls, accounts, reps } = syntheticCorpus(opts);
  const tText = Date.now() - t0;
  const provider = new BuiltinProvider();
  const flat = calls.flatMap((c, ci) => c.chunks.map((ch, idx) => ({ ci, idx, ...ch })));
  const t1 = Date.now();
  const vectors: string[] = [];
  for (let i = 0; i < flat.length; i += 5000) {
    const { output } = await provider.embed(flat.slice(i, i + 5000).map((f) => f.text));
    for (const v of output.vectors) vectors.push(`[${v.map((x) => x.toFixed(6)).join(',')}]`);
    log(`embedded ${Math.min(flat.length, i + 5000)} / ${flat.length}`);
  }
  const tEmbed = Date.now() - t1;

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const t2 = Date.now();
  let tIndex = 0;
  try {
    await client.query('begin');
    // Bulk load: the search indexes — HNSW of the vectors, GIN of the chunks' words, which has no
    // pending list (sql/080, sql/087) — are dropped and rebuilt after the rows are in, from their
    // own definitions (so this script never restates them).
    const { rows: searchIndexes } = await client.query<{ name: string; def: string }>(
      `select indexname as name, indexdef as def from pg_indexes where schemaname = 'stellar'
         and ((tablename = 'chunk_embeddings' and indexdef ilike '%using hnsw%') or (tablename = 'chunks' and indexdef ilike '%using gin%'))`,
    );
    for (const ix of searchIndexes) await client.query(`drop index stellar.${ix.name}`);
    // Bulk load: row triggers (current_runs upkeep, foreign-key checks) off for this session;
    // the rows are consistent by construction and current_runs is filled in one statement below.
    await client.query(`set local session_replication_role = replica`);
    const tag = Math.random().toString(36).slice(2);
    const ids = calls.map(() => crypto.randomUUID());
    const runIds = calls.map(() => crypto.randomUUID());
    const hex = (i: number) => (tag + i.toString(16)).padStart(64, '0').slice(-64).replace(/[^0-9a-f]/g, 'a');
    await client.query(
      `insert into stellar.transcripts (id, content_sha256, file_name, format, raw_text, meeting_at, source)
       select id, sha, fname, 'plain', '', meeting_at, 'cli' from unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) as t(id, sha, fname, meeting_at)`,
      [ids, calls.map((_, i) => hex(i)), calls.map((_, i) => `synthetic-${i}.txt`), calls.map((c) => c.meetingAt.toISOString())],
    );
    await client.query(
      `insert into stellar.pipeline_runs (id, transcript_id, trigger, status, stages, created_at, started_at, finished_at)
       select r, t, 'cli', 'succeeded', array['parse','structure','chunk','embed'], now(), now(), now() from unnest($1::uuid[], $2::uuid[]) as u(r, t)`,
      [runIds, ids],
    );
    await client.query(
      `insert into stellar.stage_runs (run_id, stage, status, attempt, started_at, finished_at, provider, model, agent_version)
       select r, s, 'succeeded', 1, now(), now(), 'builtin', 'builtin', 'synthetic' from unnest($1::uuid[]) as u(r), unnest(array['parse','structure','chunk','embed']) as s`,
      [runIds],
    );
    const facts = calls.map((c) =>
      JSON.stringify({ buyerCompany: c.account, participants: [{ name: c.rep, side: 'seller', spoke: true }, { name: c.buyer, side: 'buyer', spoke: true }] }),
    );
    await client.query(
      `insert into stellar.call_facts (run_id, transcript_id, facts, provider, model, agent_version)
       select r, t, f, 'builtin', 'builtin', 'synthetic' from unnest($1::uuid[], $2::uuid[], $3::jsonb[]) as u(r, t, f)`,
      [runIds, ids, facts],
    );
    await client.query(
      `insert into stellar.current_runs (transcript_id, stage, run_id, finished_at)
       select r.transcript_id, s.stage, s.run_id, s.finished_at from stellar.stage_runs s join stellar.pipeline_runs r on r.id = s.run_id
       where s.run_id = any($1::uuid[])
       on conflict (transcript_id, stage) do update set run_id = excluded.run_id, finished_at = excluded.finished_at`,
      [runIds],
    );
    const B = 2000;
    for (let i = 0; i < flat.length; i += B) {
      const part = flat.slice(i, i + B);
      await client.query(
        `with c as (
           insert into stellar.chunks (run_id, transcript_id, idx, speakers, side, turn_from, turn_to, start_ms, end_ms, text, is_current)
           select r, t, idx, array[sp], side, idx, idx, idx * 30000, idx * 30000 + 29000, txt, true
           from unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[]) as u(r, t, idx, sp, side, txt)
           returning id, run_id, transcript_id, idx, side)
         insert into stellar.chunk_embeddings (chunk_id, run_id, transcript_id, model, dims, embedding, is_current, side)
         select c.id, c.run_id, c.transcript_id, 'builtin', 612, v.e::halfvec, true, c.side
         from c join unnest($1::uuid[], $3::int[], $7::text[]) as v(r, idx, e) on v.r = c.run_id and v.idx = c.idx`,
        [
          part.map((f) => runIds[f.ci]),
          part.map((f) => ids[f.ci]),
          part.map((f) => f.idx),
          part.map((f) => f.speaker),
          part.map((f) => f.side),
          part.map((f) => f.text),
          part.map((_, j) => vectors[i + j]),
        ],
      );
      if ((i / B) % 10 === 0) log(`inserted ${Math.min(flat.length, i + B)} / ${flat.length}`);
    }
    await client.query(`select stellar.refresh_call_search_attrs(id) from unnest($1::uuid[]) as u(id)`, [ids]);
    await client.query('commit');
    const t3 = Date.now();
    log(`building the search indexes (${searchIndexes.map((i) => i.name).join(', ')})`);
    await client.query(`set maintenance_work_mem = '1GB'`);
    await client.query(`set max_parallel_maintenance_workers = 1`);
    for (const ix of searchIndexes) await client.query(ix.def);
    await client.query('analyze stellar.chunks; analyze stellar.chunk_embeddings; analyze stellar.current_runs; analyze stellar.transcripts; analyze stellar.call_facts');
    tIndex = Date.now() - t3;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
  return { calls: calls.length, chunks: flat.length, accounts, reps, ms: { text: tText, embed: tEmbed, insert: Date.now() - t2 - tIndex, index: tIndex } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const url = arg('database-url') ?? process.env.DATABASE_URL;
  if (!url) throw new Error('--database-url or DATABASE_URL is required');
  const r = await generateCalls(url, { chunks: Number(arg('chunks') ?? 100_000), log: (l) => console.error(l) });
  console.log(JSON.stringify({ calls: r.calls, chunks: r.chunks, ms: r.ms }));
}
