-- Least privilege, part 2 (issue 11, defect 9; sql/060_app_role.sql has the grants).
-- graphile-worker's private tables have row-level security on and no policy (only their owner
-- and superusers see rows); the worker's queries read and write them directly: open them to the app.
do $$
declare r record;
begin
  for r in
    select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'graphile_worker' and c.relrowsecurity
      and not exists (select 1 from pg_policies p where p.schemaname = 'graphile_worker' and p.tablename = c.relname and p.policyname = 'stellar_app_access')
  loop
    execute format('create policy stellar_app_access on graphile_worker.%I for all to stellar_app_access using (true) with check (true)', r.relname);
  end loop;
end $$;
