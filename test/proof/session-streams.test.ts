// A live stream (SSE) lives only as long as its session: signing out, disabling the user, a new role or unit,
// or a password reset ends the user's open streams at once — on every instance. On PostgreSQL two app
// instances (own pools, own clocks) share one database and the change is made on A while the streams are
// open on B (and on A); on PGlite one instance plays both parts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openPostgres } from '../../src/db/postgres';
import type { Db } from '../../src/db';
import { seedDemo } from '../../src/modules/org/seed-demo';
import { buildServices } from '../../src/services';
import { ManualClock } from '../../src/shared/clock';
import { DEMO_PASSWORD } from '../helpers/app';
import { openTestDb, type TestDb } from '../helpers/db';
import { openLiveStream } from '../helpers/sse';

let tdb: TestDb;
let second: Db | null = null;
const apps: FastifyInstance[] = [];
const urls: { A: string; B: string } = { A: '', B: '' };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-streams-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function instance(db: Db, seed: boolean): Promise<string> {
  const config = loadConfig({ dataDir, databaseUrl: tdb.url, demo: true, demoPassword: DEMO_PASSWORD, logLevel: 'silent', sweepIntervalMs: 0, overloadMaxEventLoopDelayMs: 0 }, {});
  const s = buildServices(db, new ManualClock('2026-06-01T09:00:00+08:00'), config);
  if (seed) await seedDemo(s);
  const app = await buildApp(s, { logger: false, serveWeb: false });
  apps.push(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

before(async () => {
  tdb = await openTestDb();
  urls.A = await instance(tdb.db, true);
  if (tdb.url) {
    second = await openPostgres(tdb.url, 3);
    urls.B = await instance(second, false);
  } else urls.B = urls.A;
});
after(async () => {
  for (const a of apps) await a.close();
  await second?.close();
  await tdb?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function call(url: string, cookie: string, method: string, p: string, body?: unknown) {
  const r = await fetch(`${url}${p}`, { method, headers: { cookie, 'x-minhu-request': '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(20_000) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}
async function login(url: string, username: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-minhu-request': '1' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  assert.equal(r.status, 200, await r.text());
  return r.headers.getSetCookie().find((c) => c.startsWith('minhu_session='))!.split(';')[0];
}
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(25)) if (cond()) return true;
  return cond();
}

interface Stream { text(): string; ended(): boolean; close(): void }
async function openStream(url: string, cookie: string): Promise<Stream> {
  const ac = new AbortController();
  const s = await openLiveStream(url, cookie, ac.signal);
  assert.ok(await until(() => s.text().includes(': connected'), 5000), 'the stream did not open');
  return { ...s, close: () => ac.abort() };
}

let adminCookie = '';
let operatorCookie = '';
let n = 0;
/** A new centre user (sees every order) signed in twice: streams on B and A from one session, plus one from another session. */
async function streamsOfNewUser() {
  adminCookie ||= await login(urls.A, 'admin');
  operatorCookie ||= await login(urls.A, 'operator');
  const username = `stream.probe${++n}`;
  const created = await call(urls.A, adminCookie, 'POST', '/api/v1/users', { username, displayName: username, password: DEMO_PASSWORD, role: 'operator', unitId: 1 });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const cookie = await login(urls.B, username);
  const other = await login(urls.A, username);
  return { id: created.json.id as number, cookie, onB: await openStream(urls.B, cookie), onA: await openStream(urls.A, cookie), otherSession: await openStream(urls.B, other) };
}
/** Creates an order on A and tells whether the stream got it within a few seconds. */
async function delivers(s: Stream): Promise<boolean> {
  const o = await call(urls.A, operatorCookie, 'POST', '/api/v1/orders', { channel: 'phone', type: 'help', title: '直播会话测试', requester: { name: '李先生', phone: '13900001111' } });
  assert.equal(o.status, 201);
  return until(() => s.text().includes(`"id":${o.json.id},`), 5000);
}

test('signing out on A ends that session\'s streams on B and A at once; the user\'s other session keeps streaming', { timeout: 60_000 }, async () => {
  const u = await streamsOfNewUser();
  assert.ok(await delivers(u.onB), 'the stream works before');
  assert.equal((await call(urls.A, u.cookie, 'DELETE', '/api/v1/session')).status, 204);
  assert.ok(await until(() => u.onB.ended() && u.onA.ended(), 5000), 'a stream of the signed-out session is still open');
  assert.match(u.onB.text(), /event: session_ended/);
  assert.ok(!u.otherSession.ended() && (await delivers(u.otherSession)), 'another session of the same user was ended');
  u.otherSession.close();
});

for (const [what, patch] of [['disabling the user', { disabled: true }], ['a new role', { role: 'dispatcher' }], ['a new unit', { unitId: 2 }]] as const) {
  test(`${what} (on A) ends every stream of the user on every instance at once`, { timeout: 60_000 }, async () => {
    const u = await streamsOfNewUser();
    const r = await call(urls.A, adminCookie, 'PATCH', `/api/v1/users/${u.id}`, patch);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.ok(await until(() => u.onB.ended() && u.onA.ended() && u.otherSession.ended(), 5000), `a stream is still open after ${what}`);
    assert.equal((await call(urls.B, u.cookie, 'GET', '/api/v1/me')).status, 401, 'B still accepts the session');
  });
}

test('a password reset ends the user\'s streams; a new display name does not', { timeout: 60_000 }, async () => {
  const u = await streamsOfNewUser();
  assert.equal((await call(urls.A, adminCookie, 'PATCH', `/api/v1/users/${u.id}`, { displayName: '改名不断流' })).status, 200);
  await sleep(300);
  assert.ok(!u.onB.ended() && (await delivers(u.onB)), 'renaming ended the stream');
  assert.equal((await call(urls.B, u.cookie, 'GET', '/api/v1/me')).json.displayName, '改名不断流');
  assert.equal((await call(urls.A, adminCookie, 'POST', `/api/v1/users/${u.id}/password`)).status, 200);
  assert.ok(await until(() => u.onB.ended() && u.onA.ended() && u.otherSession.ended(), 5000), 'a stream is still open after the reset');
});
