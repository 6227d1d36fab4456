// 值守 duty rosters: editing (admin, the unit's own leader), gap warnings, and the alerts of tier-1/2 orders on a
// controlled clock set to nights and to the National Day holiday — the person on duty at dispatch, the unit
// leader after half the sign limit, the centre at the sign limit, each once even with racing passes (and from
// separate pools on server PostgreSQL).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runDutySweep } from '../../src/modules/duty/duty.job';
import { openPostgres } from '../../src/db/postgres';
import type { Db } from '../../src/db';
import { expectOk, expectProblem, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from '../core/_support';

let w: World;
const LEADER = USER_OF_ROLE.unit_leader;
const TZ = 'Asia/Shanghai';
let streetId: number;
let handlerId: number;
let leaderId: number;
let centreId: number;

const roster = () => ({
  defaultContact: { name: '东街街道值班室', phone: '0591-87654321' },
  slots: [
    { name: '夜班 王师傅', phone: '13800000001', startsAt: '2026-09-30T20:00:00+08:00', endsAt: '2026-10-01T08:00:00+08:00', note: '国庆值班' },
    { userId: handlerId, startsAt: '2026-10-01T08:00:00+08:00', endsAt: '2026-10-01T20:00:00+08:00' },
    // 10-01 20:00 → 10-02 08:00 nobody: the gap.
    { name: '夜班 李师傅', phone: '13800000002', startsAt: '2026-10-02T08:00:00+08:00', endsAt: '2026-10-05T08:00:00+08:00' },
  ],
});

before(async () => {
  w = await World.open();
  streetId = w.units.id(STREET);
  const id = async (u: string) => (await w.t.s.db.query<{ id: number }>('select id from users where username = $1', [u])).rows[0].id;
  handlerId = await id(USER_OF_ROLE.handler);
  leaderId = await id(LEADER);
  centreId = w.units.all.find((u) => u.type === 'center')!.id;
  await w.createUser(`unitleader.${OTHER_STREET}`, 'unit_leader', OTHER_STREET);
  w.t.clock.set('2026-09-30T12:00:00+08:00');
});
after(() => w?.close());

const put = async (user: string, body: unknown, unitId = streetId) => (await w.as(user))('PUT', `/api/v1/units/${unitId}/duty`, body as Record<string, unknown>);
const outbox = async (orderId: number, template?: string) =>
  (await w.t.s.db.query<{ template: string; recipient: string; body: string; channel: string }>(
    `select template, recipient, body, channel from outbox where order_id = $1 and template like 'duty%' and ($2::text is null or template = $2) order by id`, [orderId, template ?? null],
  )).rows;

test('the unit leader edits the roster; gaps are warned; others may not edit; a refused save changes nothing', async () => {
  const saved = expectOk(await put(LEADER, roster()));
  assert.equal(saved.slots.length, 3);
  assert.deepEqual(saved.defaultContact, { userId: null, userName: null, name: '东街街道值班室', phone: '0591-87654321' });
  const c = await w.as(LEADER);
  const win = `from=${encodeURIComponent('2026-09-30T20:00:00+08:00')}&to=${encodeURIComponent('2026-10-05T08:00:00+08:00')}`;
  const got = expectOk(await c('GET', `/api/v1/units/${streetId}/duty?${win}`));
  assert.deepEqual(got.gaps, [{ from: new Date('2026-10-01T20:00:00+08:00').toISOString(), to: new Date('2026-10-02T08:00:00+08:00').toISOString() }]);
  assert.equal(got.slots[1].userName, '东街街道承办人');
  const gaps = expectOk(await (await w.as('dispatcher'))('GET', `/api/v1/duty/gaps?unitId=${streetId}&${win}`));
  assert.deepEqual(gaps.gaps, got.gaps);
  assert.equal(gaps.hasDefaultContact, true);
  // Default window: the next 7 days from now (noon of 09-30): the afternoon before the night shift is a gap too.
  const def = expectOk(await c('GET', `/api/v1/units/${streetId}/duty`));
  assert.equal(def.gaps[0].from, new Date('2026-09-30T12:00:00+08:00').toISOString());
  assert.equal(def.onDutyNow.source, 'default');

  const before = JSON.stringify(expectOk(await c('GET', `/api/v1/units/${streetId}/duty?${win}`)));
  expectProblem(await put(USER_OF_ROLE.handler, roster()), 403, 'forbidden');
  expectProblem(await put(`unitleader.${OTHER_STREET}`, roster()), 403, 'forbidden');
  expectProblem(await put('dispatcher', roster()), 403, 'forbidden');
  expectProblem(await (await w.as(`unitleader.${OTHER_STREET}`))('GET', `/api/v1/units/${streetId}/duty`), 403, 'forbidden');
  expectProblem(await (await w.as(USER_OF_ROLE.handler))('GET', `/api/v1/duty/gaps?unitId=${streetId}`), 403, 'forbidden');
  const bad = roster();
  bad.slots[1] = { userId: leaderId + 1000, startsAt: '2026-10-01T08:00:00+08:00', endsAt: '2026-10-01T20:00:00+08:00' };
  expectProblem(await put(LEADER, bad), 422, 'duty_roster_invalid');
  const reversed = roster();
  reversed.slots[0] = { ...reversed.slots[0], endsAt: '2026-09-30T19:00:00+08:00' };
  expectProblem(await put(LEADER, reversed), 422, 'duty_roster_invalid');
  expectProblem(await put(LEADER, { defaultContact: null, slots: [{ name: '无电话', startsAt: '2026-10-01T08:00:00+08:00', endsAt: '2026-10-01T20:00:00+08:00' }] }), 422, 'duty_roster_invalid');
  expectProblem(await put(LEADER, { ...roster(), defaultContact: { phone: 'call me' } }), 400, 'validation_failed');
  expectProblem(await put(LEADER, roster(), 99999999), 404, 'unit_not_found');
  expectProblem(await w.t.app.inject({ method: 'GET', url: `/api/v1/units/${streetId}/duty` }), 401, 'not_authenticated');
  assert.equal(JSON.stringify(expectOk(await c('GET', `/api/v1/units/${streetId}/duty?${win}`))), before, 'refused saves changed nothing');
  // An admin may edit any unit's roster.
  expectOk(await put('admin', roster()));
});

async function dispatched(tier: number, title: string): Promise<Order> {
  const o = await w.create({ title });
  return w.do('dispatcher', o, 'dispatch', { mainUnitId: streetId, tier });
}

test('at 03:00 on National Day a tier-1 order alerts the night shift at once; a tier-3 order alerts nobody', async () => {
  w.t.clock.set('2026-10-01T03:00:00+08:00');
  const o = await dispatched(1, '燃气泄漏（夜间）');
  const sent = await outbox(o.id, 'duty_alert');
  assert.deepEqual(sent.map((m) => [m.recipient, m.channel]), [['13800000001', 'sms']]);
  assert.match(sent[0].body, /夜班 王师傅/);
  assert.match(sent[0].body, /2026-10-01 03:15/, 'the sign limit (15 min) in city time');
  const claimed = await w.t.s.db.query<{ stage: string }>('select stage from duty_alerts where order_id = $1', [o.id]);
  assert.deepEqual(claimed.rows.map((r) => r.stage), ['duty'], 'the stage is claimed once with the dispatch');
  const quiet = await dispatched(3, '路灯不亮');
  assert.deepEqual(await outbox(quiet.id), []);
});

test('in a roster gap the default contact is alerted; by day the console user on duty', async () => {
  w.t.clock.set('2026-10-01T22:30:00+08:00');
  const night = await dispatched(2, '停水（节假日夜间）');
  assert.deepEqual((await outbox(night.id, 'duty_alert')).map((m) => m.recipient), ['0591-87654321']);
  w.t.clock.set('2026-10-01T10:00:00+08:00');
  const day = await dispatched(2, '停电（节假日白天）');
  assert.deepEqual((await outbox(day.id, 'duty_alert')).map((m) => m.recipient), [`user:${handlerId}`]);
  // A unit without any roster or default contact (the demo's cleared by an admin): its own channel.
  w.t.clock.set('2026-10-01T23:00:00+08:00');
  expectOk(await put('admin', { defaultContact: null, slots: [] }, w.units.id(OTHER_STREET)));
  let o = await w.create({ title: '积水（无值守表的街道）' });
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(OTHER_STREET), tier: 1 });
  assert.deepEqual((await outbox(o.id, 'duty_alert')).map((m) => m.recipient), [`unit:${w.units.id(OTHER_STREET)}`]);
});

/** Claim rows of the leader / centre stages (of the given orders only, when named). */
async function claims(ids?: number[]): Promise<number> {
  const { rows } = await w.t.s.db.query<{ n: number }>(`select count(*)::int as n from duty_alerts where stage <> 'duty' and ($1::int[] is null or order_id = any($1::int[]))`, [ids ?? null]);
  return rows[0].n;
}

async function escalations(dbs: () => Db[], start: string, tier: 1 | 2) {
  const limitMs = tier === 1 ? 15 * 60_000 : 3_600_000;
  const t0 = new Date(start);
  w.t.clock.set(t0);
  // Whatever was due before (the demo seed's urgent orders, earlier tests') is recorded first.
  await runDutySweep(w.t.s.db, w.t.clock, TZ);
  const orders = [await dispatched(tier, '紧急工单 A'), await dispatched(tier, '紧急工单 B'), await dispatched(tier, '紧急工单 C')];
  const ids = orders.map((o) => o.id);
  // Signed in time: never escalated.
  w.t.clock.set(new Date(t0.getTime() + limitMs / 4));
  await w.do(USER_OF_ROLE.handler, orders[0], 'sign');
  const pass = async () => {
    const [all, mine] = [await claims(), await claims(ids)];
    const r = await Promise.all(dbs().map((db) => runDutySweep(db, w.t.clock, TZ)));
    assert.equal((await runDutySweep(w.t.s.db, w.t.clock, TZ)).recorded, 0, 'a pass at the same moment finds nothing new');
    assert.equal(r.reduce((n, x) => n + x.recorded, 0), (await claims()) - all, 'every record is one claim row');
    return (await claims(ids)) - mine;
  };
  w.t.clock.set(new Date(t0.getTime() + limitMs / 2 - 1000));
  assert.equal(await pass(), 0, 'nothing before half the sign limit');
  w.t.clock.set(new Date(t0.getTime() + limitMs / 2 + 1000));
  assert.equal(await pass(), 2, 'the leader of each unsigned order, once');
  // Every active unit leader of the street (the test's and the demo's 负责人), the test's among them.
  const leaders = (await w.t.s.db.query<{ id: number }>(`select id from users where unit_id = $1 and role = 'unit_leader' and not disabled order by id`, [streetId])).rows.map((r) => `user:${r.id}`);
  assert.ok(leaders.includes(`user:${leaderId}`));
  for (const id of ids.slice(1)) assert.deepEqual((await outbox(id, 'duty_leader_alert')).map((m) => m.recipient).sort(), [...leaders].sort());
  assert.deepEqual(await outbox(ids[0], 'duty_leader_alert'), []);
  // One is signed between the leader and the centre stage.
  await w.do(USER_OF_ROLE.handler, await w.get(ids[1]), 'sign');
  w.t.clock.set(new Date(t0.getTime() + limitMs + 1000));
  assert.equal(await pass(), 1, 'the centre for the order still unsigned at the sign limit');
  assert.deepEqual((await outbox(ids[2], 'duty_centre_alert')).map((m) => m.recipient), [`unit:${centreId}`]);
  assert.deepEqual(await outbox(ids[1], 'duty_centre_alert'), []);
  w.t.clock.set(new Date(t0.getTime() + 10 * limitMs));
  assert.equal(await pass(), 0);
  const stages = (await w.events(ids[2])).filter((e) => e.type === 'duty_alerted').map((e) => e.payload.stage);
  assert.deepEqual(stages, ['leader', 'centre'], 'each escalation stage once in the order history');
}

test('tier 1 at night on a holiday: leader after 7.5 min, centre after 15 min (02:00 on 10-02), each once under racing passes', async () => {
  await escalations(() => [w.t.s.db, w.t.s.db, w.t.s.db], '2026-10-02T02:00:00+08:00', 1);
});

test('tier 2 across midnight on a holiday weekend (Saturday 10-03): leader after 30 min, centre after 1 h', async () => {
  await escalations(() => [w.t.s.db, w.t.s.db], '2026-10-03T23:40:00+08:00', 2);
});

test('passes from separate connection pools (several instances) on server PostgreSQL alert each stage once', async (t) => {
  if (!w.t.tdb.url) return t.skip('needs server PostgreSQL (MINHU_TEST_DATABASE_URL); PGlite has one connection');
  const pools = [await openPostgres(w.t.tdb.url, 3), await openPostgres(w.t.tdb.url, 3)];
  try {
    await escalations(() => [pools[0], pools[1], w.t.s.db, pools[0], pools[1]], '2026-10-04T01:00:00+08:00', 1);
  } finally {
    for (const p of pools) await p.close();
  }
});
