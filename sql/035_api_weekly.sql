-- Weekly reports in the read-only API schema (issue 4, after the operations
-- migration 030 that creates stellar.weekly_reports (id, rep, week_start,
-- metrics, created_at)). Sorted after 030 so it runs once that table exists.
-- If it does not exist yet (a database migrated before 030 was written), the
-- view is skipped here and a later migration must create it; the dashboard
-- reads the table directly whenever it exists.
do $$
begin
  if to_regclass('stellar.weekly_reports') is null then
    raise notice 'stellar.weekly_reports does not exist: stellar_api.weekly_reports not created';
    return;
  end if;
  execute $v$
    create or replace view stellar_api.weekly_reports as
    select w.id, w.rep, w.week_start, w.metrics, w.created_at
    from stellar.weekly_reports w
  $v$;
  execute $c$
    comment on view stellar_api.weekly_reports is E'@primaryKey id\nAnalytics per rep and per week (from the weekly_report task).'
  $c$;
  revoke all on stellar_api.weekly_reports from public;
  grant select on stellar_api.weekly_reports to stellar_graphql;
end $$;
