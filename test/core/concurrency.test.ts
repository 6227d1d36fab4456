// Optimistic concurrency: every action carries the version the client saw. A stale (or future) version
// gets 409 version_conflict and changes nothing; two actions racing on one version: exactly one wins.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TRANSITIONS } from '../../src/modules/orders/lifecycle';
import { DEPT_USER, expectProblem, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from './_support';

let w: World;
const H = USER_OF_ROLE.handler;

before(async () => {
  w = await World.open();
});
after(async () => {
  await w?.close();
});

describe('a version other than the current one → 409 version_conflict, nothing changes (every action)', () => {
  for (const t of TRANSITIONS) {
    test(t.action, async () => {
      // Report and rate need an open whistle (rating before its report-by time: once every unit reported).
      let o = t.action === 'whistle/report' || t.action === 'whistle/rate' ? await w.reachWhistled(t.from[0], { reported: t.action === 'whistle/rate' })
        : t.action === 'escalation/answer' ? await w.reachEscalated(t.from[0]) : await w.reach(t.from[0]);
      // The report comes from the summoned department.
      const user = t.action === 'whistle/report' ? DEPT_USER.handler : USER_OF_ROLE[t.roles[0]];
      // A decision needs a pending request to decide on.
      if (t.action === 'extension/approve' || t.action === 'extension/reject') o = await w.do(H, o, 'extension', w.body('extension'));
      if (t.action === 'exemption/approve' || t.action === 'exemption/reject') o = await w.do(H, o, 'exemption', w.body('exemption'));
      if (t.action === 'mediation/outcome') o = await w.do(H, o, 'mediation', w.body('mediation'));
      const body = t.action === 'merge' ? { parentId: (await w.create()).id } : w.body(t.action);
      const before = await w.snapshot(o.id);
      // A registered order is at version 1 (0 is not a valid version): a future one is just as stale.
      for (const version of [o.version - 1, o.version + 1, o.version + 50].filter((v) => v >= 1)) {
        const p = expectProblem(await w.act(user, o, t.action, { ...body, version }), 409, 'version_conflict');
        assert.equal(p.currentVersion, o.version);
      }
      assert.deepEqual(await w.snapshot(o.id), before);
      // …and the same request with the right version goes through.
      assert.equal((await w.act(user, o, t.action, body)).statusCode, 200);
    });
  }
});

test('a stale version after someone else acted: 409, and the order keeps the other change', async () => {
  const o = await w.reach('accepted');
  const contacted = await w.do(H, o, 'contact', { note: '已联系' });
  const before = await w.snapshot(o.id);
  expectProblem(await w.act(H, o, 'reply', w.body('reply')), 409, 'version_conflict');
  const after = await w.snapshot(o.id);
  assert.deepEqual(after, before);
  assert.equal(after.status, 'accepted');
  assert.equal(after.version, contacted.version);
});

test('a stale version is reported as version_conflict even when the state has moved on (reload, not "invalid")', async () => {
  const o = await w.create();
  await w.do('dispatcher', o, 'dispatch', w.body('dispatch'));
  const before = await w.snapshot(o.id);
  expectProblem(await w.act('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(OTHER_STREET) }), 409, 'version_conflict');
  expectProblem(await w.act('operator', o, 'answer', w.body('answer')), 409, 'version_conflict');
  // With the current version the state check speaks.
  expectProblem(await w.act('dispatcher', { id: o.id, version: before.version }, 'dispatch', { mainUnitId: w.units.id(OTHER_STREET) }), 409, 'invalid_transition');
  assert.deepEqual(await w.snapshot(o.id), before);
});

test('two dispatches racing with the same version: exactly one 200, one 409, one dispatched event (repeated)', async () => {
  for (let round = 0; round < 6; round++) {
    const o = await w.create({ title: `并发派单 ${round}` });
    const targets = [w.units.id(STREET), w.units.id(OTHER_STREET)];
    const [a, b] = await Promise.all(targets.map((mainUnitId) => w.act('dispatcher', o, 'dispatch', { mainUnitId, tier: 3 })));
    const codes = [a.statusCode, b.statusCode].sort();
    assert.deepEqual(codes, [200, 409], `round ${round}: ${a.body} / ${b.body}`);
    const loser = a.statusCode === 409 ? a : b;
    const winner = a.statusCode === 200 ? a : b;
    assert.equal(loser.json().code, 'version_conflict');
    const events = await w.events(o.id);
    assert.equal(events.filter((e) => e.type === 'dispatched').length, 1);
    const final = await w.get(o.id);
    assert.equal(final.version, o.version + 1);
    assert.equal(final.mainUnitId, winner.json().mainUnitId);
    const active = final.assignments.filter((x: { active: boolean }) => x.active);
    assert.deepEqual(active.map((x: { unitId: number; role: string }) => [x.unitId, x.role]), [[final.mainUnitId, 'main']]);
  }
});

test('different actions racing on one version (sign vs return): exactly one wins', async () => {
  for (let round = 0; round < 4; round++) {
    const o = await w.reach('dispatched');
    const [a, b] = await Promise.all([w.act(H, o, 'sign'), w.act(H, o, 'return', w.body('return'))]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409], `${a.body} / ${b.body}`);
    const final = await w.get(o.id);
    const winner = a.statusCode === 200 ? 'accepted' : 'return_requested';
    assert.equal(final.status, winner);
    assert.equal(final.version, o.version + 1);
    const { rows } = await w.t.s.db.query<{ n: number }>(`select count(*)::int as n from order_requests where order_id = $1`, [o.id]);
    assert.equal(rows[0].n, winner === 'return_requested' ? 1 : 0, 'the loser left no return request behind');
  }
});

test('two callbacks racing: one recorded, the loser leaves no callback row and no event', async () => {
  const o = await w.reach('replied');
  const res = await Promise.all([w.act('callback', o, 'callback', { outcome: 'unreachable' }), w.act('admin', o, 'callback', { outcome: 'unreachable' })]);
  assert.deepEqual(res.map((r) => r.statusCode).sort(), [200, 409]);
  const { rows } = await w.t.s.db.query<{ n: number }>('select count(*)::int as n from order_callbacks where order_id = $1', [o.id]);
  assert.equal(rows[0].n, 1);
  assert.equal((await w.events(o.id)).filter((e) => e.type === 'callback_recorded').length, 1);
  const final: Order = await w.get(o.id);
  assert.equal(final.version, o.version + 1);
});
