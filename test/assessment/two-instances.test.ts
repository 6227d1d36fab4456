// Two instances on one PostgreSQL database act on the same orders at once — each step of each order on a
// random instance, some steps sent to both at the same moment — and the incremental assessment facts still
// equal the facts rebuilt from the event log. PGlite is one process and has no second instance.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app';
import { openPostgres } from '../../src/db/postgres';
import { buildServices } from '../../src/services';
import { testDatabaseUrl } from '../../src/config';
import type { Db } from '../../src/db';
import { CONSOLE, DEMO_PASSWORD } from '../helpers/app';
import { World, type Order } from '../core/_support';
import { at, DAY, handlerOf, keptCounts, OTHER_STREET, STREET, THIRD_STREET } from './_flows';
import { rng } from '../../bench/lib/prng';

let w: World;
let db2: Db | null = null;
let app2: FastifyInstance | null = null;
before(async () => {
  w = await World.open({ start: '2026-05-04T09:00:00+08:00' });
  if (!w.t.tdb.url) return;
  db2 = await openPostgres(w.t.tdb.url, 5);
  app2 = await buildApp(buildServices(db2, w.t.clock, w.t.s.config), { logger: false, serveWeb: false });
  await app2.ready();
});
after(async () => {
  await app2?.close();
  await db2?.close();
  await w?.close();
});

type Send = (method: string, url: string, body?: unknown) => Promise<LightMyRequestResponse>;
const sessions = new Map<string, { send: Send; at: number }>();
/** A signed-in client of user `u` on instance B; signs in again when the test clock has moved past the 7-day
 * session, as World.as does on A (the rounds below move the clock by up to ten days in all). */
async function onB(u: string): Promise<Send> {
  const now = w.t.clock.now().getTime();
  const hit = sessions.get(u);
  if (hit && now >= hit.at && now - hit.at < 6 * 86_400_000) return hit.send;
  const r = await app2!.inject({ method: 'POST', url: '/api/v1/session', payload: { username: u, password: DEMO_PASSWORD }, headers: CONSOLE });
  assert.equal(r.statusCode, 200, r.body);
  const cookie = `minhu_session=${r.cookies.find((c) => c.name === 'minhu_session')!.value}`;
  const send: Send = (method, url, body) => app2!.inject({ method: method as 'POST', url, payload: body as object, headers: { ...CONSOLE, cookie } });
  sessions.set(u, { send, at: now });
  return send;
}

test('two instances acting on the same orders at once: the facts equal a rebuild from the event log', { skip: testDatabaseUrl() ? false : 'needs server PostgreSQL (two instances on one database); PGlite is one process' }, async () => {
  const rand = rng(777);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const streets = [STREET, OTHER_STREET, THIRD_STREET];
  /** One step on a random instance; with `race`, the same step on both at once (one wins, the other hears 409). */
  async function step(u: string, o: Order, action: string, body: Record<string, unknown> = {}, race = false): Promise<Order> {
    const url = `/api/v1/orders/${o.id}/${action}`;
    const payload = { version: o.version, ...body };
    const a = async () => (await w.as(u))('POST', url, payload);
    const b = async () => (await onB(u))('POST', url, payload);
    const rs = race ? await Promise.all([a(), b()]) : [await (rand() < 0.5 ? a : b)()];
    const ok = rs.filter((r) => r.statusCode === 200);
    assert.equal(ok.length, 1, `${action}: ${rs.map((r) => `${r.statusCode} ${r.body}`).join(' | ')}`);
    for (const r of rs) if (r.statusCode !== 200) assert.equal(r.statusCode, 409, r.body);
    return ok[0].json();
  }
  async function flow(i: number) {
    let o = await w.create({ title: `两实例考核 ${i}` });
    let unit = pick(streets);
    o = await step('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(unit), tier: 3 }, rand() < 0.3);
    if (rand() < 0.25) {
      o = await step(handlerOf(unit), o, 'return', { reason: '非本单位' });
      unit = pick(streets.filter((s) => s !== unit));
      o = await step('dispatcher', o, 'return/approve', { mainUnitId: w.units.id(unit), tier: 3 }, rand() < 0.5);
    }
    const h = handlerOf(unit);
    o = await step(h, o, 'sign', {}, rand() < 0.4);
    o = await step(h, o, 'contact', w.body('contact'), rand() < 0.3);
    if (rand() < 0.2) {
      o = await step(h, o, 'exemption', { reason: 'duplicate', note: '重复' });
      o = await step('supervisor', o, rand() < 0.5 ? 'exemption/approve' : 'exemption/reject', { note: '处理' }, rand() < 0.5);
    }
    if (rand() < 0.15) return;
    o = await step(h, o, 'reply', w.body('reply'), rand() < 0.3);
    const end = pick(['refused', 'satisfied', 'unresolved'] as const);
    if (end === 'refused') o = await step('callback', o, 'callback', { outcome: 'refused' }, rand() < 0.5);
    else if (end === 'satisfied') o = await step('callback', o, 'callback', { outcome: 'done', contacted: true, resolution: 'resolved', satisfaction: 'satisfied' }, rand() < 0.5);
    else {
      o = await step('callback', o, 'callback', { outcome: 'done', contacted: true, resolution: 'unresolved', satisfaction: 'unsatisfied' });
      o = await step('callback', o, 'reopen', { reason: '未解决' }, rand() < 0.5);
      o = await step(h, o, 'reply', w.body('reply'));
      await step('callback', o, 'close', { note: '已处理' }, rand() < 0.5);
    }
  }
  w.t.clock.set(at('2026-06-01T09:00:00'));
  // Six orders at a time, every step of each on either instance.
  for (let round = 0; round < 5; round++) {
    await Promise.all(Array.from({ length: 6 }, (_, k) => flow(round * 6 + k)));
    w.t.clock.advance(Math.floor(rand() * 3) * DAY + 3600_000);
  }
  const facts = async () => (await w.t.s.db.query('select * from assessment_facts order by order_id, stint')).rows.map((r) => JSON.stringify(r));
  const incremental = await facts();
  const kept = await keptCounts(w);
  assert.ok(incremental.length >= 30, `${incremental.length} facts`);
  await w.t.s.db.query('delete from assessment_facts');
  await w.t.s.assessment.rebuild(null);
  assert.deepEqual(await facts(), incremental, 'a full rebuild gives the facts both instances kept');
  assert.deepEqual(await keptCounts(w), kept, 'and the counts both instances kept');
});
