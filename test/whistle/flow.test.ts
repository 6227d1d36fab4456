// Whistle 吹哨报到 through the API: who may blow, report and rate; the default report-by on the official
// calendar; alerts to summoned units in the outbox; a summoned department sees the order only while the
// whistle is open (it ends at rating, or when the order goes back to the centre).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMUNITY, cst, DEPT, DEPT_USER, expectOk, expectProblem, OTHER_DEPT, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from '../core/_support';

let w: World;
const H = USER_OF_ROLE.handler;
const D = DEPT_USER.handler;
const D2 = `handler.${OTHER_DEPT}`;
const COMMUNITY_H = `handler.${COMMUNITY}`;

before(async () => {
  w = await World.open();
  await w.createUser(COMMUNITY_H, 'handler', COMMUNITY);
});
after(async () => {
  await w?.close();
});

const outbox = async (orderId: number) =>
  (await w.t.s.db.query<{ template: string; recipient: string; body: string }>('select template, recipient, body from outbox where order_id = $1 order by id', [orderId])).rows;
const panel = async (orderId: number, user = H) => expectOk(await (await w.as(user))('GET', `/api/v1/orders/${orderId}/whistles`)) as unknown as { items: any[] };

test('the street blows the whistle: each summoned unit gets an alert, access to the order, a task in its inbox', async () => {
  w.t.clock.set('2026-03-06T10:00:00+08:00'); // Friday
  const o = await w.reach('accepted', { tier: 3 });
  const before = await outbox(o.id);
  const done = await w.do(H, o, 'whistle', { departmentIds: [w.units.id(DEPT), w.units.id(OTHER_DEPT), w.units.id(DEPT)], reason: '占道经营反复回潮' });
  assert.equal(done.status, 'accepted');
  assert.ok(!done.allowedActions.includes('whistle'), 'one open whistle at a time');
  assert.ok(done.allowedActions.includes('whistle/rate'));
  const whistleRoles = done.assignments.filter((a: { role: string; active: boolean }) => a.role === 'whistle' && a.active).map((a: { unitId: number }) => a.unitId).sort();
  assert.deepEqual(whistleRoles, [w.units.id(DEPT), w.units.id(OTHER_DEPT)].sort());
  // Tier 3: by the end of the next working day — Friday's next working day is Monday 03-09.
  const p = await panel(o.id);
  assert.equal(p.items.length, 1);
  assert.equal(p.items[0].reportBy, cst('2026-03-09T23:59:59').toISOString());
  assert.equal(p.items[0].unitName.length > 0, true);
  assert.equal(p.items[0].units.length, 2);
  const alerts = (await outbox(o.id)).slice(before.length).filter((m) => m.template === 'unit_whistle');
  assert.deepEqual(alerts.map((m) => m.recipient).sort(), [`unit:${w.units.id(DEPT)}`, `unit:${w.units.id(OTHER_DEPT)}`].sort());
  assert.match(alerts[0].body, /2026-03-09 23:59/);
  // The department sees the order and may report — nothing else.
  const seen = await w.get(o.id, D);
  assert.deepEqual(seen.allowedActions, ['whistle/report']);
  for (const action of ['contact', 'reply', 'subdispatch', 'whistle', 'whistle/rate'] as const) expectProblem(await w.act(D, seen, action, w.body(action)), 403, 'forbidden');
  expectProblem(await (await w.as(D))('POST', `/api/v1/orders/${o.id}/reveal-phone`), 403, 'reveal_not_allowed');
  assert.equal(seen.requester.phone, '139****5678');
  const inbox = expectOk(await (await w.as(D))('GET', '/api/v1/whistle/inbox'));
  assert.ok(inbox.items.some((i: { orderId: number; reportedAt: string | null }) => i.orderId === o.id && i.reportedAt === null));
  // A department not summoned sees nothing of it; the street cannot report for a department.
  expectProblem(await (await w.as('handler.D350102-JY'))('GET', `/api/v1/orders/${o.id}`), 404, 'order_not_found');
  expectProblem(await w.act(H, done, 'whistle/report', w.body('whistle/report')), 403, 'forbidden');
  expectProblem(await w.act(H, done, 'whistle', w.body('whistle')), 409, 'whistle_open');
});

test('tiers 1–2 report within 30 minutes; reportBy must be in the future and name departments or companies', async () => {
  w.t.clock.set('2026-03-02T09:00:00+08:00');
  const o = await w.reach('accepted', { tier: 1, sub: false });
  expectProblem(await w.act(H, o, 'whistle', { departmentIds: [w.units.id(OTHER_STREET)], reason: '需协调' }), 422, 'unit_not_assignable');
  expectProblem(await w.act(H, o, 'whistle', { departmentIds: [999999], reason: '需协调' }), 404, 'unit_not_found');
  expectProblem(await w.act(H, o, 'whistle', { departmentIds: [w.units.id(DEPT)], reason: '需协调', reportBy: '2026-03-02T08:00:00+08:00' }), 400, 'validation_failed');
  expectProblem(await w.act(H, o, 'whistle', { departmentIds: [], reason: '需协调' }), 400, 'validation_failed');
  assert.equal((await w.snapshot(o.id)).version, o.version);
  const done = await w.do(H, o, 'whistle', { departmentIds: [w.units.id('E3501-WATER')], reason: '停水抢修' });
  assert.equal((await panel(done.id)).items[0].reportBy, cst('2026-03-02T09:30:00').toISOString());
  const given = await w.reach('accepted', { tier: 1, sub: false });
  await w.do(H, given, 'whistle', { departmentIds: [w.units.id(DEPT)], reason: '需协调', reportBy: '2026-03-02T12:00:00+08:00' });
  assert.equal((await panel(given.id)).items[0].reportBy, cst('2026-03-02T12:00:00').toISOString());
});

test('who may blow: the main street, a unit above it and its sub-dispatched community — not a co-handler, not a department-handled order', async () => {
  w.t.clock.set('2026-03-02T09:00:00+08:00');
  let o = await w.create();
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), coUnitIds: [w.units.id(OTHER_STREET)], tier: 3 });
  o = await w.do(H, o, 'sign');
  expectProblem(await w.act(`handler.${OTHER_STREET}`, o, 'whistle', w.body('whistle')), 403, 'forbidden');
  expectProblem(await w.act(COMMUNITY_H, o, 'whistle', w.body('whistle')), 404, 'order_not_found');
  o = await w.do(H, o, 'subdispatch', w.body('subdispatch'));
  o = await w.do(COMMUNITY_H, o, 'whistle', w.body('whistle'));
  assert.equal((await panel(o.id)).items[0].unitId, w.units.id(COMMUNITY), 'the community is the whistling unit');
  // An order handled by a department: the department cannot blow the whistle (it is the street's mechanism).
  let d = await w.create();
  d = await w.do('dispatcher', d, 'dispatch', { mainUnitId: w.units.id(OTHER_DEPT), tier: 3, categoryId: w.leafId });
  d = await w.do(D2, d, 'sign');
  expectProblem(await w.act(D2, d, 'whistle', w.body('whistle')), 422, 'whistle_not_allowed');
});

test('report 报到 once; rating needs every unit, once each, and waits for the report-by time; closing ends the access', async () => {
  w.t.clock.set('2026-03-02T09:00:00+08:00');
  let o = await w.reach('accepted', { tier: 3, sub: false });
  o = await w.do(H, o, 'whistle', { departmentIds: [w.units.id(DEPT), w.units.id(OTHER_DEPT)], reason: '联合整治', reportBy: '2026-03-02T12:00:00+08:00' });
  w.t.clock.set('2026-03-02T10:00:00+08:00');
  o = await w.do(D, o, 'whistle/report', { action: '派执法中队到场', onSiteAt: '2026-03-02T10:30:00+08:00', note: '已联系街道' });
  assert.ok(!(await w.get(o.id, D)).allowedActions.includes('whistle/report'));
  expectProblem(await w.act(D, o, 'whistle/report', { action: '再次报到' }), 409, 'already_reported');
  const rec = (await panel(o.id)).items[0].units.find((u: { unitId: number }) => u.unitId === w.units.id(DEPT));
  assert.equal(rec.action, '派执法中队到场');
  assert.equal(rec.onSiteAt, cst('2026-03-02T10:30:00').toISOString());
  assert.equal(rec.late, false);
  const both = [{ unitId: w.units.id(DEPT), score: 'satisfied' }, { unitId: w.units.id(OTHER_DEPT), score: 'unsatisfied', note: '未到场' }];
  expectProblem(await w.act(H, o, 'whistle/rate', { ratings: [both[0]] }), 422, 'whistle_ratings_incomplete');
  expectProblem(await w.act(H, o, 'whistle/rate', { ratings: [both[0], both[0], both[1]] }), 422, 'whistle_ratings_incomplete');
  expectProblem(await w.act(H, o, 'whistle/rate', { ratings: [...both, { unitId: w.units.id(OTHER_STREET), score: 'satisfied' }] }), 422, 'whistle_ratings_incomplete');
  expectProblem(await w.act(H, o, 'whistle/rate', { ratings: both }), 409, 'whistle_not_due');
  expectProblem(await w.act(D2, o, 'whistle/rate', { ratings: both }), 403, 'forbidden');
  w.t.clock.set('2026-03-02T12:00:01+08:00');
  o = await w.do(H, o, 'whistle/rate', { ratings: both });
  assert.ok(o.allowedActions.includes('whistle'), 'a closed whistle lets the street blow again');
  const p = (await panel(o.id)).items[0];
  assert.equal(p.status, 'closed');
  const other = p.units.find((u: { unitId: number }) => u.unitId === w.units.id(OTHER_DEPT));
  assert.equal(other.missing, true, 'closing without a report records it missing');
  assert.equal(other.rating, 'unsatisfied');
  const events = (await w.events(o.id)).map((e) => e.type);
  assert.equal(events.filter((t) => t === 'whistle_missing').length, 1);
  assert.equal(events.filter((t) => t === 'whistle_rated').length, 1);
  // "While summoned" ends when the whistle closes: the order is gone for the departments, the task stays in the inbox.
  expectProblem(await (await w.as(D))('GET', `/api/v1/orders/${o.id}`), 404, 'order_not_found');
  expectProblem(await (await w.as(D))('GET', `/api/v1/orders/${o.id}/whistles`), 404, 'order_not_found');
  const open = expectOk(await (await w.as(D))('GET', '/api/v1/whistle/inbox'));
  assert.ok(!open.items.some((i: { orderId: number }) => i.orderId === o.id));
  const all = expectOk(await (await w.as(D))('GET', '/api/v1/whistle/inbox?status=all'));
  const task = all.items.find((i: { orderId: number }) => i.orderId === o.id);
  assert.equal(task.rating, 'satisfied');
  assert.equal(task.status, 'closed');
});

test('a late report is marked late; an approved return cancels the open whistle and the access with it', async () => {
  w.t.clock.set('2026-03-02T09:00:00+08:00');
  let o = await w.reach('accepted', { tier: 1, sub: false });
  o = await w.do(H, o, 'whistle', w.body('whistle'));
  w.t.clock.set('2026-03-02T09:45:00+08:00');
  o = await w.do(D, o, 'whistle/report', w.body('whistle/report'));
  assert.equal((await w.events(o.id)).at(-1)!.payload.late, true);
  assert.equal((await panel(o.id)).items[0].units[0].late, true);

  let r: Order = await w.reach('accepted', { sub: false });
  r = await w.do(H, r, 'whistle', w.body('whistle'));
  r = await w.do(H, r, 'return', w.body('return'));
  assert.ok((await w.get(r.id, D)).allowedActions.includes('whistle/report'), 'a pending return keeps the whistle');
  r = await w.do('dispatcher', r, 'return/approve', w.body('return/approve'));
  assert.equal(r.status, 'dispatched', 'an approved return goes straight to the new owner (here the district fallback unit)');
  expectProblem(await (await w.as(D))('GET', `/api/v1/orders/${r.id}`), 404, 'order_not_found');
  assert.equal((await panel(r.id, 'admin')).items[0].status, 'cancelled');
  assert.ok((await w.events(r.id)).some((e) => e.type === 'whistle_cancelled'));
});
