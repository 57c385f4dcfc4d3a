/**
 * `stellar reprocess [--since D | --all] [--until D] [--stage S]... [--only-changed] [--dry-run]`
 * and `stellar backfill status <id>` / `stellar backfill list`.
 * Without --since, reprocess covers every transcript: on a terminal it shows the
 * plan and asks first; elsewhere (scripts, cron) it needs --all (issue 13).
 * `--json` output is camelCase, like the REST API (src/reports/runJson.ts camelRow).
 */
import { createInterface } from 'node:readline/promises';
import type { App } from '../app.ts';
import { camelRow } from '../reports/runJson.ts';
import { createBackfill, planBackfill, type BackfillOptions } from '../ops/reprocess.ts';
import { backfillStatus, listBackfills } from '../db/queries/backfills.ts';
import { formatDuration, table } from '../reports/render.ts';
import { STAGES } from '../pipeline/stages.ts';

/** ISO 8601 date/time, or an age: 36h, 30d, 12w, 3mo (months), counted back from now. */
export function parseWhen(text: string, flag: string, now = new Date()): Date {
  const rel = /^(\d+)\s*(h|d|w|mo)$/i.exec(text.trim());
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2].toLowerCase();
    const d = new Date(now);
    if (unit === 'mo') d.setUTCMonth(d.getUTCMonth() - n);
    else d.setTime(d.getTime() - n * { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[unit as 'h' | 'd' | 'w']);
    return d;
  }
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new Error(`${flag}: not a date or an age (e.g. 2025-01-31, 30d, 3mo): ${text}`);
  return d;
}

export interface ReprocessCliOptions {
  since?: string;
  until?: string;
  stage?: string[];
  onlyChanged?: boolean;
  dryRun?: boolean;
  reason?: string;
  json?: boolean;
  /** Without --since: every transcript, without asking. */
  all?: boolean;
}

/** Asks a yes/no question on the terminal; true only for y / yes. */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export async function reprocessCommand(app: App, opts: ReprocessCliOptions, io: { isTTY: boolean; confirm: (q: string) => Promise<boolean> } = { isTTY: Boolean(process.stdin.isTTY), confirm }): Promise<number> {
  if (opts.all && opts.since) throw new Error('--all and --since: give one of them');
  const everything = !opts.since && !opts.all && !opts.dryRun;
  if (everything && !io.isTTY) {
    throw new Error('reprocess without --since re-runs every transcript: pass --all to confirm (or --since to limit it, or --dry-run to see the plan)');
  }
  const options: BackfillOptions = {
    since: opts.since ? parseWhen(opts.since, '--since') : null,
    until: opts.until ? parseWhen(opts.until, '--until') : null,
    stages: opts.stage ?? [],
    onlyChanged: opts.onlyChanged ?? false,
    reason: opts.reason ?? null,
  };
  const plan = await planBackfill(app.handle.db, app.provider, options);
  const summary = {
    candidates: plan.candidates,
    toReprocess: plan.items.length,
    unchanged: plan.unchanged,
    perStage: plan.perStage,
  };
  if (opts.dryRun) {
    if (opts.json) {
      console.log(JSON.stringify({ dryRun: true, ...summary, versions: plan.versions ? Object.fromEntries(plan.versions) : undefined, items: plan.items }, null, 2));
      return 0;
    }
    console.log(`dry run: ${plan.items.length} of ${plan.candidates} transcript(s) would be reprocessed${opts.onlyChanged ? ` (${plan.unchanged} unchanged)` : ''}`);
    console.log(table(['stage', 'transcripts'], STAGES.filter((s) => plan.perStage[s]).map((s) => [s, String(plan.perStage[s])])));
    for (const item of plan.items.slice(0, 20)) {
      const why = item.changed?.map((c) => `${c.stage}: ${c.recorded ?? '—'} → ${c.current}`).join('; ');
      console.log(`  ${item.transcriptId} ${item.fileName}: ${item.plan.join(' ')}${why ? ` (${why})` : ''}`);
    }
    if (plan.items.length > 20) console.log(`  … and ${plan.items.length - 20} more`);
    return 0;
  }
  if (plan.items.length === 0) {
    console.log(opts.json ? JSON.stringify({ backfillId: null, ...summary }) : 'nothing to reprocess');
    return 0;
  }
  if (everything) {
    const stages = STAGES.filter((s) => plan.perStage[s]).map((s) => `${s} ×${plan.perStage[s]}`).join(', ');
    if (!(await io.confirm(`Reprocess ALL ${plan.items.length} transcript(s) (${stages})?`))) {
      console.error('stellar: nothing queued');
      return 1;
    }
  }
  const id = await createBackfill(app.handle.db, plan, { ...options, provider: app.provider.name, maxAttempts: app.config.STELLAR_MAX_ATTEMPTS });
  if (opts.json) console.log(JSON.stringify({ backfillId: id, ...summary }));
  else {
    console.log(`backfill ${id}: ${plan.items.length} transcript(s) queued at backfill priority`);
    console.log(`follow it with: stellar backfill status ${id}`);
  }
  return 0;
}

export async function backfillStatusCommand(app: App, id: string, opts: { json?: boolean }): Promise<number> {
  const status = await backfillStatus(app.handle.db, id);
  if (!status) throw new Error(`no backfill ${id}`);
  if (opts.json) {
    console.log(JSON.stringify(camelRow(status), null, 2));
    return 0;
  }
  const pct = status.total ? Math.round(((status.done + status.failed) / status.total) * 100) : 100;
  console.log(`Backfill ${status.id} — ${status.status} (${pct}%)`);
  console.log(`created ${new Date(status.created_at).toISOString()}${status.reason ? `, reason: ${status.reason}` : ''}`);
  console.log(`stages: ${status.stages?.join(' ') ?? 'all'}${status.only_changed ? ' (only changed)' : ''}`);
  console.log(
    table(
      ['total', 'done', 'failed', 'running', 'pending', 'remaining', 'ETA'],
      [[status.total, status.done, status.failed, status.running, status.pending, status.remaining, etaText(status.eta, status.finished_at)].map(String)],
    ),
  );
  return 0;
}

function etaText(eta: Date | null, finished: Date | null): string {
  if (finished) return `finished ${new Date(finished).toISOString()}`;
  if (!eta) return 'unknown yet';
  return `${new Date(eta).toISOString()} (in ${formatDuration(Math.max(0, new Date(eta).getTime() - Date.now()))})`;
}

export async function backfillListCommand(app: App, opts: { json?: boolean; limit?: number }): Promise<number> {
  const rows = await listBackfills(app.handle.db, opts.limit ?? 20);
  if (opts.json) {
    console.log(JSON.stringify(rows.map(camelRow), null, 2));
    return 0;
  }
  if (rows.length === 0) {
    console.log('No backfills yet. Start one: stellar reprocess --since 30d --stage draft_email');
    return 0;
  }
  console.log(
    table(
      ['backfill', 'created', 'status', 'total', 'done', 'failed', 'remaining', 'ETA'],
      rows.map((r) => [r.id, new Date(r.created_at).toISOString(), r.status, r.total, r.done, r.failed, r.remaining, etaText(r.eta, r.finished_at)].map(String)),
    ),
  );
  return 0;
}
