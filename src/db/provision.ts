/**
 * What `npm run setup` may do when no PostgreSQL answers at DATABASE_URL
 * (issue 11, defect 11: it used to apt-install PostgreSQL and set the
 * postgres password whenever the server was merely unreachable — a typo, a
 * remote server briefly down). The decision is a pure function of the URL and
 * the machine, so it is tested without doing anything:
 *   - the URL does not point at this machine       → refuse, say why (nothing done);
 *   - local, PostgreSQL installed but not answering → start its cluster(s);
 *   - local, nothing installed, root on Debian     → apt-get install postgresql, start it;
 *   - local, nothing installed, otherwise          → say what to install.
 * No step ever sets or changes a password; every step is announced before it runs.
 * Owns: that decision. Must not: run anything itself (scripts/setup-db.ts does).
 */

export type ProvisionPlan =
  | { action: 'refuse'; message: string }
  | { action: 'instructions'; message: string }
  | { action: 'start'; message: string; commands: string[][] }
  | { action: 'install'; message: string; commands: string[][] };

export interface MachineFacts {
  /** PostgreSQL major versions installed (Debian: /usr/lib/postgresql/<n>). */
  installedVersions: string[];
  isRoot: boolean;
  isDebian: boolean;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '']);

/** True when the URL's host is this machine (loopback, or a Unix socket directory). */
export function isLocalUrl(databaseUrl: string): boolean {
  const u = new URL(databaseUrl);
  const host = decodeURIComponent(u.hostname);
  const socket = u.searchParams.get('host');
  if (socket) return socket.startsWith('/');
  return LOCAL_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function provisionPlan(databaseUrl: string, facts: MachineFacts): ProvisionPlan {
  const u = new URL(databaseUrl);
  const where = `${u.hostname || 'localhost'}:${u.port || '5432'}`;
  if (!isLocalUrl(databaseUrl)) {
    return {
      action: 'refuse',
      message: `No PostgreSQL server answers at ${where}. That is not this machine, so setup installs and changes nothing: check DATABASE_URL (a typo?) and that the server is up, then run setup again.`,
    };
  }
  if (facts.installedVersions.length > 0) {
    const version = [...facts.installedVersions].sort((a, b) => Number(a) - Number(b)).pop()!;
    if (!facts.isRoot) {
      return { action: 'instructions', message: `PostgreSQL ${version} is installed but nothing answers at ${where}. Start it (e.g. sudo pg_ctlcluster ${version} main start) and run setup again.` };
    }
    return {
      action: 'start',
      message: `PostgreSQL ${version} is installed but nothing answers at ${where}: starting its cluster "main" (no configuration or password is changed).`,
      commands: [['pg_ctlcluster', '--skip-systemctl-redirect', version, 'main', 'start']],
    };
  }
  if (!facts.isRoot || !facts.isDebian) {
    return {
      action: 'instructions',
      message:
        `No PostgreSQL server answers at ${where} and none is installed. Install PostgreSQL 15 or newer with pgvector ` +
        '(Debian/Ubuntu: apt-get install postgresql postgresql-server-dev-all; macOS: brew install postgresql pgvector), start it, and run setup again.',
    };
  }
  return {
    action: 'install',
    message: `No PostgreSQL server answers at ${where} and none is installed: installing PostgreSQL from the distribution's packages (apt-get install postgresql) and starting it. No password is set or changed.`,
    commands: [
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', 'postgresql'],
    ],
  };
}
