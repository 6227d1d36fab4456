// Behind PgBouncer in transaction mode (Debian's pgbouncer): the two-instance proof with both servers' queries going
// through a pooler that hands server connections to whichever client's transaction comes next (fewer server
// connections than the two pools hold), LISTEN/NOTIFY and migrations on DATABASE_DIRECT_URL. And the listening
// session itself: when its connection is killed it comes back and listens again.
// Needs MINHU_TEST_DATABASE_URL and the pgbouncer binary (skipped otherwise, saying which).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, testDatabaseUrl } from '../../src/config';
import { openPostgres } from '../../src/db/postgres';
import { migrateDb } from '../../src/db';
import { createTestDatabase, listeningBackends } from '../helpers/db';
import { freePort, sleep } from '../../bench/lib/server';
import { runTwoInstances } from './two-instances.run';

const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => fs.existsSync(p)) ?? null;
const ORDERS = Number(process.env.MINHU_PGBOUNCER_ORDERS ?? 120);
/** Server connections per database/user pair: far fewer than the 2 × 10 clients the two servers' pools open. */
const POOL_SIZE = 4;
const skip = !testDatabaseUrl()
  ? 'set MINHU_TEST_DATABASE_URL to run the servers through PgBouncer in front of server PostgreSQL'
  : !PGBOUNCER
    ? 'pgbouncer is not installed (apt-get install pgbouncer)'
    : false;

interface Bouncer {
  /** `url` with host and port replaced by PgBouncer's. */
  via(url: string): string;
  admin(sql: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

/** Starts PgBouncer (transaction pooling, trust auth) on a free local port in front of the server in baseUrl. */
async function startBouncer(baseUrl: string): Promise<Bouncer> {
  const base = new URL(baseUrl);
  const user = decodeURIComponent(base.username || 'postgres');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-pgbouncer-'));
  fs.writeFileSync(path.join(dir, 'userlist.txt'), `"${user}" ""\n`);
  fs.writeFileSync(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${base.hostname} port=${base.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${POOL_SIZE}`,
      'max_client_conn = 200',
      `admin_users = ${user}`,
      `pidfile = ${path.join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root: run it as the postgres system user then.
  let ids: { uid: number; gid: number } | Record<string, never> = {};
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    ids = { uid: id('-u'), gid: id('-g') };
    assert.ok(Number.isInteger(ids.uid) && ids.uid > 0, 'running as root: PgBouncer needs the postgres system user to run as');
    fs.chownSync(dir, ids.uid, ids.gid);
    for (const f of fs.readdirSync(dir)) fs.chownSync(path.join(dir, f), ids.uid, ids.gid);
  }
  // PgBouncer itself has no clock of ours; the two Minhu servers behind it start through startServerProcess (in
  // two-instances.run.ts), which runs each on the controlled test clock (MINHU_CLOCK_START = serverClockNow()).
  const proc: ChildProcess = spawn(PGBOUNCER!, [path.join(dir, 'pgbouncer.ini')], { ...ids, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const via = (url: string) => {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  };
  const admin = async (sql: string) => {
    // The admin console speaks the simple query protocol only: no parameters.
    const c = new pg.Client({ connectionString: via(`postgres://${encodeURIComponent(user)}@x/pgbouncer`) });
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  };
  for (let t0 = Date.now(); ; await sleep(100)) {
    if (proc.exitCode !== null) throw new Error(`pgbouncer exited at start:\n${out}`);
    try {
      await admin('show version');
      break;
    } catch (e) {
      if (Date.now() - t0 > 10_000) throw new Error(`pgbouncer did not answer in 10 s (${(e as Error).message}):\n${out}`);
    }
  }
  return {
    via,
    admin,
    async stop() {
      proc.kill('SIGINT'); // immediate shutdown
      await Promise.race([exited, sleep(5000).then(() => proc.kill('SIGKILL'))]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('through PgBouncer (transaction mode): two instances, the sweep records each alert once, racing dispatches, live updates cross instances', { skip, timeout: 480_000 }, async (tc) => {
  const database = (await createTestDatabase({ empty: true }))!; // the servers (or the test) migrate it
  const bouncer = await startBouncer(database.url);
  try {
    const [{ pool_mode }] = await bouncer.admin('show config').then((rows) => rows.filter((r) => r.key === 'pool_mode').map((r) => ({ pool_mode: r.value })));
    assert.equal(pool_mode, 'transaction');
    const name = new URL(database.url).pathname.slice(1);
    const xacts = async () => Number((await bouncer.admin('show stats')).find((r) => r.database === name)?.total_xact_count ?? 0);
    await runTwoInstances(tc, { directUrl: database.url, viaPooler: bouncer.via(database.url), orders: ORDERS });
    // The servers' traffic really went through the pooler, over no more server connections than its pool.
    const through = await xacts();
    assert.ok(through > ORDERS * 4, `only ${through} transactions went through PgBouncer`);
    const servers = (await bouncer.admin('show servers')).filter((r) => r.database === name).length;
    assert.ok(servers <= POOL_SIZE, `${servers} server connections for a pool of ${POOL_SIZE}`);
    tc.diagnostic(`PgBouncer: ${through} transactions over at most ${POOL_SIZE} server connections`);
  } finally {
    await bouncer.stop();
    await database.drop();
  }
});

test('behind PgBouncer: migrations on the direct connection; the listening session comes back after its connection is killed', { skip, timeout: 60_000 }, async () => {
  const database = (await createTestDatabase({ empty: true }))!; // the servers (or the test) migrate it
  const bouncer = await startBouncer(database.url);
  const config = { databaseUrl: bouncer.via(database.url), databaseDirectUrl: database.url, dataDir: '' };
  const db = await openPostgres(config.databaseUrl, 3, config.databaseDirectUrl);
  const sql = new pg.Client({ connectionString: database.url });
  try {
    await sql.connect();
    assert.ok((await migrateDb(config, db)).length > 0);
    assert.equal((await db.query<{ n: number }>('select count(*)::int as n from schema_migrations')).rows[0].n, (await sql.query('select count(*)::int as n from schema_migrations')).rows[0].n);
    const got: string[] = [];
    await db.listen('minhu_probe', (p) => got.push(p));
    const waitFor = async (payload: string) => {
      for (let t0 = Date.now(); !got.includes(payload); await sleep(50)) {
        assert.ok(Date.now() - t0 < 10_000, `no notification "${payload}" (got ${JSON.stringify(got)})`);
        await db.notify('minhu_probe', payload); // through the pooler; lost ones are sent again
      }
    };
    await waitFor('one');
    // The listener is a session straight on PostgreSQL (LISTEN through a transaction pooler would be lost).
    const before = await listeningBackends(sql);
    assert.equal(before.length, 1, 'one listening session on the database');
    await sql.query('select pg_terminate_backend($1)', [before[0]]);
    await waitFor('two');
    const after = await listeningBackends(sql);
    assert.equal(after.length, 1);
    assert.notEqual(after[0], before[0], 'a new listening session');
  } finally {
    await db.close();
    await sql.end().catch(() => undefined);
    await bouncer.stop();
    await database.drop();
  }
});

test('config: DATABASE_DIRECT_URL goes with DATABASE_URL (none by default)', () => {
  assert.equal(loadConfig({}, {}).databaseDirectUrl, null);
  assert.equal(loadConfig({}, { DATABASE_URL: 'postgres://app@bouncer:6432/minhu', DATABASE_DIRECT_URL: 'postgres://app@primary:5432/minhu' }).databaseDirectUrl, 'postgres://app@primary:5432/minhu');
  assert.equal(loadConfig({}, { DATABASE_URL: 'postgres://app@db/minhu', DATABASE_DIRECT_URL: ' ' }).databaseDirectUrl, null);
  assert.throws(() => loadConfig({}, { DATABASE_DIRECT_URL: 'postgres://app@primary:5432/minhu' }), /DATABASE_DIRECT_URL is set but DATABASE_URL is not/);
});
