// A sender killed with -9 mid-flight: server A sends to a gateway that takes the requests but never answers,
// and is killed while they hang. Server B, on the same data, picks the leased rows up when the lease runs out
// and delivers every message; the gateway (once answering) sees each idempotency key exactly once.
// Spawned servers run on the controlled clock (MINHU_CLOCK_START via bench/lib/server).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createDatabase, login, sleep, startServerProcess, tempDataDir, type ServerProc } from '../../bench/lib/server';
import { testDatabaseUrl } from '../../src/config';
import { startGateway, type Gateway } from '../notify/_gateway';

const SECRET = 'crash-test-webhook-secret-0123';
let g: Gateway | null = null;
const procs: ServerProc[] = [];
const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const p of procs) await p.kill9().catch(() => undefined);
  await g?.close();
  for (const c of cleanup) await c().catch(() => undefined);
});

async function api(url: string, cookie: string, path: string, body?: unknown) {
  const r = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { cookie, 'x-minhu-request': '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await r.text();
  assert.ok(r.status < 300, `${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

/** Every outbox row, through the admin API (keys and statuses). */
async function allRows(url: string, cookie: string) {
  const rows: { id: number; key: string; status: string }[] = [];
  for (let before: number | null = null; ;) {
    const page: { items: typeof rows; nextBefore: number | null } = await api(url, cookie, `/api/v1/notifications?limit=200${before ? `&before=${before}` : ''}`);
    rows.push(...page.items);
    if (!page.nextBefore) return rows;
    before = page.nextBefore;
  }
}

test('kill -9 while sending: the next server delivers every message, once per key', { timeout: 600_000 }, async () => {
  g = await startGateway(SECRET);
  g.mode = 'hang';
  const pg = testDatabaseUrl();
  const db = pg ? await createDatabase(pg, 'minhu_notify_crash') : null;
  if (db) cleanup.push(() => db.drop());
  const dataDir = tempDataDir('minhu-notify-crash-');
  cleanup.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    MINHU_NOTIFY_WEBHOOK_URL: g.url, MINHU_NOTIFY_WEBHOOK_SECRET: SECRET, MINHU_NOTIFY_WEBHOOK_TIMEOUT_MS: '120000',
    MINHU_NOTIFY_INTERVAL_MS: '200', MINHU_NOTIFY_LEASE_MS: '4000', MINHU_NOTIFY_BATCH: '10', MINHU_SWEEP_INTERVAL_MS: '0',
  };
  const a = await startServerProcess({ dataDir, databaseUrl: db?.url ?? null, env, readyTimeoutMs: 240_000 });
  procs.push(a);
  const cookieA = await login(a.url, 'operator');
  for (let i = 0; i < 5; i++) {
    await api(a.url, cookieA, '/api/v1/orders', { channel: 'phone', type: 'help', title: `通知崩溃测试 ${i}`, requester: { name: '测', phone: `1390001${String(1000 + i)}` } });
  }
  // Wait until A has messages in flight at the gateway, then kill it mid-flight.
  for (let t = Date.now(); g.hung.size === 0; await sleep(50)) assert.ok(Date.now() - t < 60_000, 'server A never sent anything');
  await sleep(300);
  await a.kill9();
  const inFlight = new Set(g.hung);
  assert.ok(inFlight.size > 0);

  g.mode = 'up';
  const b = await startServerProcess({ dataDir, databaseUrl: db?.url ?? null, env, readyTimeoutMs: 240_000 });
  procs.push(b);
  const admin = await login(b.url, 'admin');
  let rows = await allRows(b.url, admin);
  for (let t = Date.now(); rows.some((r) => r.status !== 'sent'); rows = await allRows(b.url, admin)) {
    assert.ok(Date.now() - t < 120_000, `not delivered: ${JSON.stringify(rows.filter((r) => r.status !== 'sent').slice(0, 5))}`);
    await sleep(500);
  }
  assert.ok(rows.length >= 5, 'the receipts are in the outbox');
  // Every message reached the answering gateway exactly once per key — including those A had in flight.
  assert.deepEqual([...g.processed.keys()].sort(), rows.map((r) => r.key).sort());
  assert.ok([...g.processed.values()].every((n) => n === 1), JSON.stringify([...g.processed].filter(([, n]) => n > 1)));
  for (const k of inFlight) assert.ok(g.processed.has(k), `in-flight key ${k} was not delivered by server B`);
  assert.equal(g.badSignatures, 0);
  await b.stop();
});
