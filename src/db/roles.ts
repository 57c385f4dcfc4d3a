/**
 * The two login roles of a least-privilege install (issue 11, defect 9), made
 * by `npm run setup` as the administrator it connects as:
 *   - stellar_owner: owns the database and the schemas stellar, stellar_api and
 *     graphile_worker with everything in them; migrations run as it
 *     (STELLAR_OWNER_URL in docs/operations.md);
 *   - stellar_app: a member of stellar_app_access (sql/060_app_role.sql: read
 *     and write rows, run graphile-worker's functions, switch to the GraphQL
 *     role); the server and worker connect as it (DATABASE_URL). Not a
 *     superuser, owns nothing, cannot create, alter or drop.
 * Roles are cluster-global: every statement is idempotent ("if not exists",
 * duplicate_object tolerated), so a second setup, or one per test database,
 * changes nothing. Passwords are never set or changed here (see docs).
 * Owns: creating those roles and handing the database to the owner. Must not: create tables.
 */
import pg from 'pg';

export const OWNER_ROLE = 'stellar_owner';
export const APP_ROLE = 'stellar_app';
const MANAGED_SCHEMAS = ['stellar', 'stellar_api', 'graphile_worker'];

export interface RoleUrls {
  ownerUrl: string;
  appUrl: string;
}

/** The URL of `url` with another user (no password: set one with ALTER ROLE … PASSWORD and add it). */
export function urlAs(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}

async function ensureLoginRole(c: pg.Client, role: string): Promise<boolean> {
  const { rowCount } = await c.query('select 1 from pg_roles where rolname = $1', [role]);
  if (rowCount) return false;
  try {
    await c.query(`create role ${role} login nosuperuser nocreatedb nocreaterole`);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '42710') return false; // duplicate_object: created meanwhile
    throw err;
  }
}

/**
 * Creates the two roles (when missing) and gives the database to the owner.
 * `adminUrl` must reach the migrated database as a superuser (or the current owner).
 */
export async function ensureRoles(adminUrl: string, log: (line: string) => void = () => {}): Promise<RoleUrls> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const me = await c.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user');
    if (!me.rows[0]?.rolsuper) {
      // Run by the owner (or the app) itself: the roles were made by an administrator before; nothing to do.
      log('not connected as a superuser: roles and ownership left as they are');
      return { ownerUrl: urlAs(adminUrl, OWNER_ROLE), appUrl: urlAs(adminUrl, APP_ROLE) };
    }
    for (const role of [OWNER_ROLE, APP_ROLE]) if (await ensureLoginRole(c, role)) log(`created role ${role} (LOGIN, no password: trust/peer, or set one with ALTER ROLE)`);
    await c.query(`grant stellar_app_access to ${APP_ROLE}`);
    const { rows } = await c.query<{ db: string }>('select quote_ident(current_database()) as db');
    await c.query(`alter database ${rows[0].db} owner to ${OWNER_ROLE}`);
    // Everything in the project's schemas (not extensions' own objects) to the owner, so it can migrate.
    await c.query(
      `do $$
       declare r record;
       begin
         for r in select n.nspname from pg_namespace n where n.nspname = any($1::text[]) loop
           execute format('alter schema %I owner to ${OWNER_ROLE}', r.nspname);
         end loop;
         for r in
           select c.oid::regclass::text as name, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = any($1::text[]) and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
             and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('e', 'a', 'i')) -- extensions' own; sequences owned by a column follow their table
         loop
           execute format('alter %s %s owner to ${OWNER_ROLE}', case r.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' else 'table' end, r.name);
         end loop;
         for r in
           select p.oid::regprocedure::text as sig, p.prokind from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where n.nspname = any($1::text[]) and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
         loop
           execute format('alter %s %s owner to ${OWNER_ROLE}', case r.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end, r.sig);
         end loop;
       end $$`.replace(/\$1::text\[\]/g, `array[${MANAGED_SCHEMAS.map((s) => `'${s}'`).join(',')}]::text[]`),
    );
    await c.query(`alter table public.stellar_migrations owner to ${OWNER_ROLE}`);
    // What the owner's later migrations create gets the app's grants too (sql/060_app_role.sql set them for the role that ran it).
    for (const schema of ['stellar', 'graphile_worker']) {
      await c.query(`alter default privileges for role ${OWNER_ROLE} in schema ${schema} grant select, insert, update, delete on tables to stellar_app_access`);
      await c.query(`alter default privileges for role ${OWNER_ROLE} in schema ${schema} grant usage, select, update on sequences to stellar_app_access`);
      await c.query(`alter default privileges for role ${OWNER_ROLE} in schema ${schema} grant execute on functions to stellar_app_access`);
    }
    return { ownerUrl: urlAs(adminUrl, OWNER_ROLE), appUrl: urlAs(adminUrl, APP_ROLE) };
  } finally {
    await c.end();
  }
}
