// A real streaming replica of the local server PostgreSQL for the read-replica tests: pg_basebackup of the
// primary into a fresh data directory, started as a hot standby on a free port (docs/SCALING.md). It can be made
// to lag (WAL replay paused), stopped (as if it crashed) and started again.
// Needs the primary to accept replication connections from 127.0.0.1 (.ci/run adds the pg_hba.conf entry) and
// Debian's PostgreSQL binaries; `replicaUnavailable()` says why not, for a skip message.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, sleep } from '../../bench/lib/server';

export interface Replica {
  port: number;
  /** the same database on the replica */
  urlOf(primaryUrl: string): string;
  /** the replica stops replaying WAL (it still receives it): it lags */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** immediate shutdown, as if it had crashed */
  stop(): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

function binDir(major: number): string | null {
  const d = `/usr/lib/postgresql/${major}/bin`;
  return fs.existsSync(path.join(d, 'pg_basebackup')) && fs.existsSync(path.join(d, 'postgres')) ? d : null;
}

/** Runs a PostgreSQL binary as the postgres user when we are root (the server refuses to run as root). */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Why no replica can be started here (for a test's skip), or null. */
export async function replicaUnavailable(primaryUrl: string | null): Promise<string | null> {
  if (!primaryUrl) return 'set MINHU_TEST_DATABASE_URL to test read replicas of server PostgreSQL';
  try {
    return await withClient(primaryUrl, async (c) => {
      const { rows } = await c.query<{ major: number; local: boolean; rules: number }>(
        `select current_setting('server_version_num')::int / 10000 as major,
                inet_server_addr() is null or host(inet_server_addr()) in ('127.0.0.1', '::1') as local,
                (select count(*)::int from pg_hba_file_rules where 'replication' = any(database) and error is null) as rules`,
      );
      if (!rows[0].local) return 'the test database is not on this machine (a replica is started from its data directory)';
      if (!binDir(rows[0].major)) return `PostgreSQL ${rows[0].major}'s pg_basebackup and postgres are not installed under /usr/lib/postgresql/${rows[0].major}/bin`;
      if (!rows[0].rules) return 'the local PostgreSQL accepts no replication connections: pg_hba.conf needs "host replication all 127.0.0.1/32 trust" (.ci/run adds it)';
      return null;
    });
  } catch (e) {
    return `cannot reach the test database: ${(e as Error).message}`;
  }
}

/** Starts a hot standby of the primary named by primaryUrl (its whole cluster) on a free port. */
export async function startReplica(primaryUrl: string): Promise<Replica> {
  const base = new URL(primaryUrl);
  const settings = await withClient(primaryUrl, async (c) =>
    (await c.query<{ name: string; setting: string }>(
      `select name, setting from pg_settings where name in ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction', 'server_version_num')`,
    )).rows,
  );
  const major = Math.floor(Number(settings.find((s) => s.name === 'server_version_num')!.setting) / 10000);
  const bin = binDir(major)!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-replica-'));
  fs.chmodSync(dir, 0o700);
  if (asRoot) spawnSync('chown', ['postgres:postgres', dir]);
  const [cmd, args] = asPostgres(path.join(bin, 'pg_basebackup'), ['-h', base.hostname, '-p', base.port || '5432', '-U', decodeURIComponent(base.username || 'postgres'), '-D', dir, '-X', 'stream', '-R', '-c', 'fast', '--no-sync']);
  const bb = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000 });
  if (bb.status !== 0) throw new Error(`pg_basebackup failed: ${bb.stderr || bb.error}`);
  const port = await freePort();
  // Debian keeps the primary's configuration in /etc: the copy gets its own, with the settings a standby must
  // not have lower than its primary.
  const conf = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${dir}'`,
    'hot_standby = on',
    `hba_file = '${path.join(dir, 'pg_hba.conf')}'`,
    `ident_file = '${path.join(dir, 'pg_ident.conf')}'`,
    'fsync = off',
    ...settings.filter((s) => s.name !== 'server_version_num').map((s) => `${s.name} = ${s.setting}`),
    '',
  ];
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    if (asRoot) spawnSync('chown', ['postgres:postgres', path.join(dir, name)]);
  };
  write('postgresql.conf', conf.join('\n'));
  write('pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  write('pg_ident.conf', '');
  const url = (primary: string) => {
    const u = new URL(primary);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  };
  const adminUrl = url(primaryUrl.replace(/\/[^/?]*(\?|$)/, '/postgres$1'));
  const start = async () => {
    const [c, a] = asPostgres(path.join(bin, 'postgres'), ['-D', dir]);
    const log = fs.openSync(path.join(os.tmpdir(), `minhu-replica-${port}.log`), 'a');
    const p = spawn(c, a, { detached: true, stdio: ['ignore', log, log] });
    p.unref();
    fs.closeSync(log);
    for (let i = 0; i < 120; i++) {
      const ok = await withClient(adminUrl, async (cl) => (await cl.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0].r).catch(() => false);
      if (ok) return;
      await sleep(500);
    }
    throw new Error(`the replica on port ${port} did not start (log: ${path.join(os.tmpdir(), `minhu-replica-${port}.log`)})`);
  };
  const ctl = (...a: string[]) => {
    const [c, args2] = asPostgres(path.join(bin, 'pg_ctl'), ['-D', dir, ...a]);
    return spawnSync(c, args2, { encoding: 'utf8', timeout: 60_000 });
  };
  await start();
  return {
    port,
    urlOf: url,
    pause: () => withClient(adminUrl, async (c) => void (await c.query('select pg_wal_replay_pause()'))),
    resume: () => withClient(adminUrl, async (c) => void (await c.query('select pg_wal_replay_resume()'))),
    stop: () => void ctl('stop', '-m', 'immediate', '-w'),
    start,
    async close() {
      ctl('stop', '-m', 'immediate', '-w');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
