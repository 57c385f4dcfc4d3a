-- Intake (issue 3): a heartbeat row per running worker process, for GET /healthz.
-- graphile-worker 0.18 keeps no table of live workers (jobs.locked_by is only
-- set while a job runs, so an idle but healthy worker leaves no trace), so each
-- process that runs a worker pool records its own beat here every few seconds
-- (src/pipeline/heartbeat.ts). A clean stop sets stopped_at; a crash leaves the
-- beat to age, which is what /healthz reports.
create table stellar.worker_heartbeats (
  worker_id text primary key,
  hostname text not null,
  pid int not null,
  concurrency int not null,
  started_at timestamptz not null default now(),
  beat_at timestamptz not null default now(),
  stopped_at timestamptz
);
create index worker_heartbeats_beat_idx on stellar.worker_heartbeats (beat_at desc);
