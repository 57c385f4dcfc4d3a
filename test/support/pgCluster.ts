/**
 * A PostgreSQL 15 cluster of a test's own, on a free port, that the test may
 * stop and start without disturbing any other test (issue 11: the worker
 * restarts its pool while the database is away). Debian's postgresql-common
 * tools (pg_createcluster/pg_ctlcluster/pg_dropcluster, run as root; they run
 * the server as the postgres user) with trust auth on 127.0.0.1. Dropped by drop().
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const VERSION = '15';

export interface TestCluster {
  name: string;
  port: number;
  /** A URL to database `db` on this cluster, as postgres. */
  url(db?: string): string;
  start(): Promise<void>;
  /** Fast shutdown: every connection is terminated. */
  stop(): Promise<void>;
  drop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function createCluster(label: string): Promise<TestCluster> {
  const name = `stellar_${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}_${randomBytes(3).toString('hex')}`;
  const port = await freePort();
  await run('pg_createcluster', [VERSION, name, '-p', String(port), '--start-conf', 'manual', '--', '--auth=trust', '--no-sync']);
  const cluster: TestCluster = {
    name,
    port,
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    async start() {
      await run('pg_ctlcluster', [VERSION, name, 'start']);
    },
    async stop() {
      await run('pg_ctlcluster', [VERSION, name, 'stop', '-m', 'fast']);
    },
    async drop() {
      await run('pg_dropcluster', ['--stop', VERSION, name]).catch(() => {});
    },
  };
  try {
    await cluster.start();
  } catch (err) {
    await cluster.drop();
    throw err;
  }
  return cluster;
}

/** Creates database `name` on the cluster. */
export async function createDatabase(cluster: TestCluster, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: cluster.url() });
  await c.connect();
  try {
    await c.query(`create database ${name.replace(/[^a-z0-9_]/g, '')}`);
  } finally {
    await c.end();
  }
  return cluster.url(name);
}
