// Read replicas (DATABASE_READ_URL) with a real streaming replica of the local PostgreSQL (pg_basebackup, hot
// standby on another port): lists, dashboards, assessment and search read from the replica, everything that acts
// reads from the primary, a user always sees their own writes, a lagging replica serves only those who have nothing
// newer to see, and with the replica down every read falls back to the primary without an error.
// Needs server PostgreSQL that accepts replication connections from 127.0.0.1 (skipped otherwise, saying why).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { testDatabaseUrl } from '../../src/config';
import { createTestApp, CONSOLE, DEMO_PASSWORD, type TestApp } from '../helpers/app';
import { replicaUnavailable, startReplica, type Replica } from '../helpers/replica';
import { orderBody } from '../../bench/lib/orders';
import { sleep } from '../../bench/lib/server';
import { lsnValue } from '../../src/db/read-scope';

const why = await replicaUnavailable(testDatabaseUrl());

/** A signed-in user whose cookies (the session and the write position) are kept like a browser keeps them. */
interface User {
  cookies: Map<string, string>;
  call(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

let replica: Replica;
let t: TestApp;

async function signIn(username: string): Promise<User> {
  const cookies = new Map<string, string>();
  const keep = (r: LightMyRequestResponse) => {
    for (const c of r.cookies) cookies.set(c.name, c.value);
    return r;
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const r = keep(await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: DEMO_PASSWORD }, headers: CONSOLE }));
  assert.equal(r.statusCode, 200, r.body);
  // signing in is a write (the session): the user reads from the replica once it has replayed it
  const signedIn = cookies.get('minhu_wal');
  assert.ok(signedIn, 'the sign-in left its WAL position');
  await until('the replica has the session', () => replicaHas(signedIn));
  return {
    cookies,
    call: async (method, url, body) => keep(await t.app.inject({ method: method as 'GET', url, payload: body as object, headers: { ...CONSOLE, cookie: cookieHeader() } })),
  };
}

const reads = (r: LightMyRequestResponse) => {
  const m = /^replica=(\d+) primary=(\d+)$/.exec(String(r.headers['x-minhu-reads'] ?? ''));
  assert.ok(m, `a replica-read route says who answered: ${r.headers['x-minhu-reads']}`);
  return { replica: Number(m[1]), primary: Number(m[2]) };
};

async function until(what: string, ok: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(200);
  }
}

const listed = async (u: User, id: number) => {
  const r = await u.call('GET', '/api/v1/orders?limit=100');
  assert.equal(r.statusCode, 200, r.body);
  return { has: (r.json().items as { id: number }[]).some((o) => o.id === id), reads: reads(r) };
};

before(async () => {
  if (why) return;
  replica = await startReplica(testDatabaseUrl()!);
  t = await createTestApp({ replicas: { urls: (primaryUrl) => [replica.urlOf(primaryUrl)], maxLagMs: 60_000 } });
  // the replica has the seeded demo before the tests start
  const seeded = (await t.s.db.writePosition())!;
  await until('the replica has replayed the seed', () => replicaHas(seeded));
});

after(async () => {
  await t?.close();
  await replica?.close();
});

/** whether the replica has replayed the primary's WAL up to lsn */
async function replicaHas(lsn: string): Promise<boolean> {
  await t.s.db.replicas!.probe();
  const r = t.s.db.replicas!.status()[0];
  if (!r.up || !r.replayLsn) return false;
  return lsnValue(r.replayLsn)! >= lsnValue(lsn)!;
}

test('lists, dashboards, assessment and search are answered by the replica; detail and actions by the primary', { skip: why ?? false }, async () => {
  const dispatcher = await signIn('dispatcher');
  for (const url of ['/api/v1/orders', '/api/v1/orders?q=路灯', '/api/v1/dashboard/summary', '/api/v1/assessment/rankings?month=2026-02&unitType=street', '/api/v1/kb/search?q=社保']) {
    const r = await dispatcher.call('GET', url);
    assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
    const n = reads(r);
    assert.ok(n.replica > 0 && n.primary === 0, `${url} read from the replica only: ${JSON.stringify(n)}`);
  }
  const detail = await dispatcher.call('GET', '/api/v1/orders/1');
  assert.equal(detail.headers['x-minhu-reads'], undefined, 'an order\'s detail (what the acting user sees) is read from the primary');
  // the standby really is one: a write sent to it is refused there (and the primary answers instead)
  await assert.rejects(
    (async () => {
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: replica.urlOf(t.tdb.url!) });
      await c.connect();
      try {
        await c.query('create table minhu_write_probe (a int)');
      } finally {
        await c.end();
      }
    })(),
    /read-only transaction/,
  );
});

test('while the replica lags, a writer sees their own write (from the primary) and others read the replica until it catches up', { skip: why ?? false }, async () => {
  const operator = await signIn('operator');
  const dispatcher = await signIn('dispatcher');
  await replica.pause();
  try {
    const created = await operator.call('POST', '/api/v1/orders', orderBody(1, { tag: 'lag' }));
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as number;
    assert.match(operator.cookies.get('minhu_wal') ?? '', /^[0-9A-F]+\/[0-9A-F]+$/, 'the write left its WAL position with the writer');
    assert.equal(created.headers['x-minhu-wal-position'], operator.cookies.get('minhu_wal'));

    // the writer: the replica has not replayed the write, so the primary answers and the new order is there
    const mine = await listed(operator, id);
    assert.ok(mine.has, 'the operator sees the order they just registered');
    assert.ok(mine.reads.primary > 0 && mine.reads.replica === 0, `the writer's list came from the primary: ${JSON.stringify(mine.reads)}`);
    // the dispatcher wrote nothing since: their list comes from the lagging replica, without the new order …
    const theirs = await listed(dispatcher, id);
    assert.ok(theirs.reads.replica > 0 && theirs.reads.primary === 0, `the dispatcher's list came from the replica: ${JSON.stringify(theirs.reads)}`);
    assert.equal(theirs.has, false, 'the paused replica does not have the order yet');
    // … but acting on it reads the primary: the dispatcher opens the order and dispatches it
    const detail = await dispatcher.call('GET', `/api/v1/orders/${id}`);
    assert.equal(detail.statusCode, 200, detail.body);
    assert.equal(detail.json().id, id);

    // an API client that sends the position back (no cookies) is served like the browser
    const viaHeader = await t.app.inject({ method: 'GET', url: '/api/v1/orders?limit=100', headers: { ...CONSOLE, cookie: `minhu_session=${dispatcher.cookies.get('minhu_session')}`, 'x-minhu-read-after': created.headers['x-minhu-wal-position'] as string } });
    assert.ok((viaHeader.json().items as { id: number }[]).some((o) => o.id === id), 'x-minhu-read-after routes the read to an up-to-date server');
    // a position that is not one is answered by the primary (never a 5xx, never a stale list)
    const garbage = await t.app.inject({ method: 'GET', url: '/api/v1/orders?limit=100', headers: { ...CONSOLE, cookie: `minhu_session=${dispatcher.cookies.get('minhu_session')}; minhu_wal=nonsense` } });
    assert.equal(garbage.statusCode, 200);
    assert.ok(reads(garbage).primary > 0 && reads(garbage).replica === 0);

    await replica.resume();
    await until('the replica replays the write', () => replicaHas(created.headers['x-minhu-wal-position'] as string));
    const later = await listed(dispatcher, id);
    assert.ok(later.has && later.reads.replica > 0, 'once the replica has caught up, the dispatcher sees the order from it');
    const writerLater = await listed(operator, id);
    assert.ok(writerLater.has && writerLater.reads.replica > 0, 'and the writer is served by the replica again');
  } finally {
    await replica.resume().catch(() => undefined);
  }
});

test('a replica too far behind serves no one', { skip: why ?? false }, async () => {
  const t2 = await createTestApp({ seed: false, replicas: { urls: (u) => [replica.urlOf(u)], maxLagMs: 1500 } });
  try {
    await t2.s.db.replicas!.probe();
    assert.equal(t2.s.db.replicas!.status()[0].up, true, 'the replica is up and close behind before it is paused');
    await replica.pause();
    await t2.s.db.query('create table lag_probe (a int)');
    // writes on the primary while replay is paused: the replica falls behind by more than 1.5 s
    for (let i = 0; i < 4; i++) {
      await t2.s.db.query('insert into lag_probe values ($1)', [i]);
      await t2.s.db.replicas!.probe();
      await sleep(700);
    }
    await t2.s.db.replicas!.probe();
    const st = t2.s.db.replicas!.status()[0];
    assert.equal(st.up, false, `a replica ${st.lagMs} ms behind is not used: ${JSON.stringify(st)}`);
    assert.ok((st.lagMs ?? 0) > 1500);
  } finally {
    await replica.resume();
    await t2.close();
  }
});

test('with the replica down, every read falls back to the primary, no 5xx; when it is back it serves again', { skip: why ?? false }, async () => {
  const dispatcher = await signIn('dispatcher');
  replica.stop();
  try {
    // before any probe noticed: the failed connection sends the read to the primary
    for (const url of ['/api/v1/orders', '/api/v1/dashboard/summary', '/api/v1/assessment/rankings?month=2026-02&unitType=street', '/api/v1/kb/search?q=社保']) {
      const r = await dispatcher.call('GET', url);
      assert.equal(r.statusCode, 200, `${url} with the replica down: ${r.statusCode} ${r.body}`);
      assert.equal(reads(r).replica, 0);
    }
    await t.s.db.replicas!.probe();
    assert.equal(t.s.db.replicas!.status()[0].up, false);
    const r = await dispatcher.call('GET', '/api/v1/orders');
    assert.equal(r.statusCode, 200);
    assert.ok(reads(r).primary > 0);
  } finally {
    await replica.start();
  }
  await until('the replica is up again', async () => {
    await t.s.db.replicas!.probe();
    return t.s.db.replicas!.status()[0].up;
  });
  const back = await dispatcher.call('GET', '/api/v1/orders');
  assert.equal(back.statusCode, 200);
  assert.ok(reads(back).replica > 0, 'the replica serves again once it is back');
});
