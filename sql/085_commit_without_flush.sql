-- A stage's hand-off commits without waiting for its WAL flush (issue 11,
-- src/runs/ledger.ts SettleOptions.commitWithoutFlush): graphile-worker's
-- completion of the job, which waits, flushes it afterwards. A function, so the
-- settle statement can call it in its SELECT (no round trip of its own); it
-- uses SET LOCAL, which any role may run, not set_config (revoked from public
-- in 045). The setting ends with the transaction.
create or replace function stellar.commit_without_flush() returns boolean
  language plpgsql volatile
  as $$ begin set local synchronous_commit to off; return true; end $$;
