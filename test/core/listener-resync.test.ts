// The listening session on server PostgreSQL can drop (a restart, a failover, a killed backend). It comes back by
// itself, but the NOTIFYs sent meanwhile are gone; so once it listens again, every subscriber re-reads what it
// keeps fresh (onResync). Here: the low-level contract, and a session signed out on instance A while instance
// B's listener was down — B must refuse it once its listener is back, not serve it from its cache.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { openPostgres } from '../../src/db/postgres';
import { buildServices } from '../../src/services';
import { testDatabaseUrl } from '../../src/config';
import type { Db } from '../../src/db';
import { CONSOLE, createTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/app';
import { listeningBackends } from '../helpers/db';
import { sleep } from '../../bench/lib/server';

const skip = testDatabaseUrl() ? false : 'needs server PostgreSQL (PGlite delivers NOTIFY in-process and never loses its listener)';

let t: TestApp;
let sql: pg.Client;
before(async () => {
  if (skip) return;
  t = await createTestApp();
  sql = new pg.Client({ connectionString: t.tdb.url! });
  await sql.connect();
});
after(async () => {
  await sql?.end().catch(() => undefined);
  await t?.close();
});

const listeners = () => listeningBackends(sql);
async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  for (const t0 = Date.now(); !(await ok()); await sleep(50)) assert.ok(Date.now() - t0 < ms, `${what} within ${ms} ms`);
}

test('the listener: no resync on the first LISTEN; one after its session was killed and is back; none after unsubscribing', { skip, timeout: 60_000 }, async () => {
  const known = new Set(await listeners());
  const db = await openPostgres(t.tdb.url!, 2);
  try {
    let resyncs = 0;
    const got: string[] = [];
    const off = await db.listen('minhu_probe', (p) => got.push(p), () => resyncs++);
    await until('its own listening session', async () => (await listeners()).some((p) => !known.has(p)));
    const mine = (await listeners()).find((p) => !known.has(p))!;
    await db.notify('minhu_probe', 'one');
    await until('the first notification', () => got.includes('one'));
    assert.equal(resyncs, 0, 'the first LISTEN is not a resync');

    await sql.query('select pg_terminate_backend($1)', [mine]);
    await until('a resync after the listener came back', () => resyncs === 1);
    const again = (await listeners()).filter((p) => !known.has(p));
    assert.equal(again.length, 1);
    assert.notEqual(again[0], mine, 'a new listening session');
    await db.notify('minhu_probe', 'two');
    await until('notifications after the reconnect', () => got.includes('two'));

    await off();
    await sql.query('select pg_terminate_backend($1)', [again[0]]);
    await until('the listener back once more', async () => (await listeners()).filter((p) => !known.has(p) && p !== again[0]).length === 1);
    await sleep(200);
    assert.equal(resyncs, 1, 'an unsubscribed callback is not called');
  } finally {
    await db.close();
  }
});

test('a sign-out on A while B\'s listener is down: B refuses the session once its listener is back', { skip, timeout: 60_000 }, async () => {
  const known = new Set(await listeners());
  let db2: Db | null = null;
  let app2: FastifyInstance | null = null;
  try {
    db2 = await openPostgres(t.tdb.url!, 3);
    app2 = await buildApp(buildServices(db2, t.clock, t.s.config), { logger: false, serveWeb: false });
    await app2.ready();
    await until('B listening', async () => (await listeners()).some((p) => !known.has(p)));
    const bListener = (await listeners()).find((p) => !known.has(p))!;

    const signin = await app2.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'dispatcher', password: DEMO_PASSWORD }, headers: CONSOLE });
    assert.equal(signin.statusCode, 200, signin.body);
    const cookie = `minhu_session=${signin.cookies.find((c) => c.name === 'minhu_session')!.value}`;
    const me = () => app2!.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    assert.equal((await me()).statusCode, 200, 'B knows the session (and now holds it in its cache)');

    // B's listener goes; the sign-out on A happens before it is back (it retries after a second), so B never
    // hears A's NOTIFY.
    await sql.query('select pg_terminate_backend($1)', [bListener]);
    await until('B\'s listener gone', async () => !(await listeners()).includes(bListener), 2_000);
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { ...CONSOLE, cookie } });
    assert.equal(out.statusCode, 204, out.body);
    await until('B listening again', async () => (await listeners()).some((p) => !known.has(p) && p !== bListener));
    await sleep(100);
    // Within B's 5-second session cache, so only the resync can make it ask the database again.
    const r = await me();
    assert.equal(r.statusCode, 401, `B still served the signed-out session: ${r.statusCode} ${r.body}`);
  } finally {
    await app2?.close();
    await db2?.close();
  }
});
