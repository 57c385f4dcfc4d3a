-- Baserow CRM sync (issue 12, src/crm/): the remote row id of every row Stellar
-- wrote, so a reprocess updates the same rows instead of adding new ones.
--   kind account:   local_key = the account's normalised name (companyKey)
--   kind call:      local_key = transcript id
--   kind next_step: local_key = transcript id || ':' || position in the call's next steps
create table stellar.crm_rows (
  kind text not null check (kind in ('account', 'call', 'next_step')),
  local_key text not null,
  table_id int not null,
  row_id int not null,
  transcript_id uuid references stellar.transcripts (id) on delete set null,
  synced_at timestamptz not null default now(),
  primary key (kind, local_key)
);
create index crm_rows_transcript_idx on stellar.crm_rows (transcript_id);
