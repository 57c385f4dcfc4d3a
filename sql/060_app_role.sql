-- Least privilege (issue 11, defect 9): what the server and the worker need, as one
-- group role, `stellar_app_access` (NOLOGIN). `npm run setup` creates the LOGIN
-- roles — `stellar_owner`, which owns the database and runs the migrations, and
-- `stellar_app`, a member of this group, which the server and worker connect as —
-- (src/db/roles.ts). Roles are cluster-global, so creation is idempotent; the
-- grants below are per database (every test database copies them from the template).
-- The app may read and write rows and run graphile-worker's functions; it may not
-- create, alter or drop anything, and is never a superuser. The GraphQL and
-- reasoning roles stay SELECT-only on their views: the app only switches to them
-- (SET ROLE, which membership allows).
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'stellar_app_access') then
    begin
      create role stellar_app_access nologin;
    exception when duplicate_object then null; -- created meanwhile by a concurrent migration
    end;
  end if;
end $$;

grant usage on schema stellar, graphile_worker, stellar_api to stellar_app_access;
grant select, insert, update, delete on all tables in schema stellar to stellar_app_access;
grant select, insert, update, delete on all tables in schema graphile_worker to stellar_app_access;
grant usage, select, update on all sequences in schema stellar to stellar_app_access;
grant usage, select, update on all sequences in schema graphile_worker to stellar_app_access;
grant execute on all functions in schema stellar to stellar_app_access;
grant execute on all functions in schema graphile_worker to stellar_app_access;
grant select on public.stellar_migrations to stellar_app_access;
grant stellar_graphql to stellar_app_access;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'stellar_reasoning') then
    grant stellar_reasoning to stellar_app_access;
  end if;
end $$;

-- Tables and functions later migrations create (as the role running them) get the same grants.
alter default privileges in schema stellar grant select, insert, update, delete on tables to stellar_app_access;
alter default privileges in schema graphile_worker grant select, insert, update, delete on tables to stellar_app_access;
alter default privileges in schema stellar grant usage, select, update on sequences to stellar_app_access;
alter default privileges in schema graphile_worker grant usage, select, update on sequences to stellar_app_access;
alter default privileges in schema stellar grant execute on functions to stellar_app_access;
alter default privileges in schema graphile_worker grant execute on functions to stellar_app_access;

