// 分级协调 escalation through the API: a street asks its district, a company its industry regulator, any unit
// the city (the centre); the addressed level answers (coordinated with units assigned, or refused), on time or
// late; scope and role rules; a reply or an approved return cancels an open request; history, alerts, inbox, stats.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEPT, DISTRICT, DISTRICT_USER, expectOk, expectProblem, OTHER_STREET, USER_OF_ROLE, World, type Order } from '../core/_support';

let w: World;
const H = USER_OF_ROLE.handler;
const COMPANY = 'E3501-WATER';
const REGULATOR = 'D3501-SL';

before(async () => {
  w = await World.open();
  w.t.clock.set('2026-03-02T09:00:00+08:00'); // a Monday
  await w.t.s.db.query('update units set regulator_id = (select id from units where code = $2) where code = $1', [COMPANY, REGULATOR]);
  await w.createUser(`unitleader.${REGULATOR}`, 'unit_leader', REGULATOR);
});
after(() => w?.close());

const outbox = async (orderId: number, template: string) =>
  (await w.t.s.db.query<{ recipient: string; body: string }>('select recipient, body from outbox where order_id = $1 and template = $2 order by id', [orderId, template])).rows;
const panel = async (orderId: number, user = 'admin') => expectOk(await (await w.as(user))('GET', `/api/v1/orders/${orderId}/escalations`)).items as Record<string, any>[];

test('a street asks its district; the district coordinates and assigns a neighbouring street as co-handler', async () => {
  let o = await w.reach('accepted', { sub: false });
  assert.ok(o.allowedActions.includes('escalate'));
  o = await w.reachEscalated('accepted');
  const [e] = await panel(o.id, H);
  assert.equal(e.level, 'district');
  assert.equal(e.status, 'open');
  assert.equal(e.toUnitId, w.units.id(DISTRICT));
  assert.equal(e.fromUnitId, w.units.id('350102004'));
  // Tier 3: by the end of the next working day (Tuesday 23:59:59 city time).
  assert.equal(e.answerBy, new Date('2026-03-03T23:59:59+08:00').toISOString());
  assert.equal(o.status, 'accepted');
  assert.ok(!o.allowedActions.includes('escalate'), 'one open request per order');
  expectProblem(await w.act(H, o, 'escalate', w.body('escalate')), 409, 'escalation_open');
  const alert = await outbox(o.id, 'unit_escalation');
  assert.deepEqual(alert.map((a) => a.recipient), [`unit:${w.units.id(DISTRICT)}`]);
  assert.match(alert[0].body, /提请鼓楼区协调/);

  // The district's inbox; the street's own handler has nothing to answer.
  const inbox = expectOk(await (await w.as(DISTRICT_USER.handler))('GET', '/api/v1/escalations')).items;
  assert.ok(inbox.some((i: any) => i.orderId === o.id && i.status === 'open'));
  assert.deepEqual(expectOk(await (await w.as(H))('GET', '/api/v1/escalations')).items, []);
  expectProblem(await w.act(H, o, 'escalation/answer', w.body('escalation/answer')), 403, 'forbidden');
  const seen = await w.get(o.id, DISTRICT_USER.unit_leader);
  assert.ok(seen.allowedActions.includes('escalation/answer'));

  o = await w.do(DISTRICT_USER.unit_leader, o, 'escalation/answer', { decision: 'coordinated', note: '由东街街道牵头，南街街道协办', unitIds: [w.units.id(OTHER_STREET)] });
  assert.ok(o.assignments.some((a: any) => a.active && a.role === 'co' && a.unitId === w.units.id(OTHER_STREET)), 'the assigned unit co-handles');
  assert.ok(!o.assignments.some((a: any) => a.active && a.role === 'escalation'));
  const [done] = await panel(o.id);
  assert.equal(done.status, 'coordinated');
  assert.deepEqual(done.assignedUnitIds, [w.units.id(OTHER_STREET)]);
  assert.equal(done.overdue, false);
  const types = o.events.map((x: any) => x.type);
  assert.ok(types.includes('escalation_requested') && types.includes('escalation_answered'), 'the order history shows both');
  const answered = await outbox(o.id, 'unit_escalation_answered');
  assert.deepEqual(answered.map((a) => a.recipient).sort(), [`unit:${w.units.id('350102004')}`, `unit:${w.units.id(OTHER_STREET)}`].sort());
  // Answered: nothing left to answer, and the street may ask again.
  expectProblem(await w.act(DISTRICT_USER.handler, o, 'escalation/answer', w.body('escalation/answer')), 403, 'forbidden');
  expectProblem(await w.act('dispatcher', o, 'escalation/answer', w.body('escalation/answer')), 409, 'nothing_pending');
  assert.ok((await w.get(o.id, H)).allowedActions.includes('escalate'));
});

test('a company asks its industry regulator, which sees the order only while the request is open, and refuses', async () => {
  let o = await w.create({ title: '供水管网压力不足涉及多个小区' });
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(COMPANY), tier: 2 });
  o = await w.do(`handler.${COMPANY}`, o, 'sign');
  const REG = `handler.${REGULATOR}`;
  expectProblem(await (await w.as(REG))('GET', `/api/v1/orders/${o.id}`), 404, 'order_not_found');
  o = await w.do(`handler.${COMPANY}`, o, 'escalate', { level: 'regulator', reason: '需水利部门协调水源调度' });
  const [e] = await panel(o.id);
  assert.equal(e.toUnitId, w.units.id(REGULATOR));
  // Tier 2: two hours.
  assert.equal(e.answerBy, new Date(w.t.clock.now().getTime() + 2 * 3_600_000).toISOString());
  const seen = await w.get(o.id, REG);
  assert.equal(seen.requester.phone, '139****5678', 'masked for the regulator');
  expectProblem(await (await w.as(REG))('POST', `/api/v1/orders/${o.id}/reveal-phone`), 403, 'reveal_not_allowed');
  expectProblem(await w.act(REG, o, 'escalation/answer', { decision: 'refused', note: '不属于水利部门职责', unitIds: [w.units.id(DEPT)] }), 400, 'validation_failed');
  expectProblem(await w.act(REG, o, 'escalation/answer', { decision: 'refused' }), 400, 'validation_failed');
  o = await w.do(REG, o, 'escalation/answer', { decision: 'refused', note: '属于供水企业自身调度，请企业按预案处置' });
  assert.equal((await panel(o.id))[0].status, 'refused');
  assert.match((await outbox(o.id, 'unit_escalation_answered'))[0].body, /不予协调/);
  // Answered: it follows the order as a copy (抄送) unit, without actions.
  assert.deepEqual((await w.get(o.id, REG)).allowedActions, []);
  expectProblem(await w.act(REG, o, 'escalation/answer', w.body('escalation/answer')), 403, 'forbidden');
  // A street has no regulator; a city department has no district above it.
  const s = await w.reach('accepted', { sub: false });
  expectProblem(await w.act(H, s, 'escalate', { level: 'regulator', reason: 'x' }), 422, 'escalation_target_missing');
  let d = await w.create();
  d = await w.do('dispatcher', d, 'dispatch', { mainUnitId: w.units.id('D3501-ZJJ'), tier: 3, categoryId: w.leafId });
  d = await w.do('handler.D3501-ZJJ', d, 'sign');
  expectProblem(await w.act('handler.D3501-ZJJ', d, 'escalate', { level: 'district', reason: 'x' }), 422, 'escalation_target_missing');
  assert.deepEqual(await panel(s.id), []);
});

test('the city level is the centre: a dispatcher answers; other units and roles may not act', async () => {
  let o = await w.reachEscalated('accepted', { level: 'city', tier: 1 });
  const centre = w.units.all.find((u) => u.type === 'center')!;
  assert.equal((await panel(o.id))[0].toUnitId, centre.id);
  for (const who of [`handler.${OTHER_STREET}`, `handler.${DEPT}`]) expectProblem(await w.act(who, o, 'escalation/answer', w.body('escalation/answer')), 404, 'order_not_found');
  for (const who of ['operator', 'callback', 'leader']) expectProblem(await w.act(who, o, 'escalation/answer', w.body('escalation/answer')), 403, 'forbidden');
  // The district is not addressed by a city request (it sees the order as the street's parent, but may not answer).
  expectProblem(await w.act(DISTRICT_USER.handler, o, 'escalation/answer', w.body('escalation/answer')), 403, 'forbidden');
  for (const who of ['dispatcher', 'operator']) expectProblem(await w.act(who, o, 'escalate', w.body('escalate')), 403, 'forbidden');
  // Late: answered after the 2-hour answer-by (tier 1).
  w.t.clock.advance(2 * 3_600_000 + 1000);
  o = await w.do('dispatcher', o, 'escalation/answer', { decision: 'coordinated', note: '市级协调：由区城管局配合' });
  const ev = (await w.events(o.id)).find((e) => e.type === 'escalation_answered')!;
  assert.equal(ev.payload.late, true);
  assert.equal((await panel(o.id))[0].overdue, true);
});

test('a reply, an approved return or 挂账 ends the open request (cancelled); answering it then is refused', async () => {
  let o = await w.reachEscalated('accepted');
  o = await w.do(H, o, 'contact', w.body('contact'));
  o = await w.do(H, o, 'reply', w.body('reply'));
  assert.equal((await panel(o.id))[0].status, 'cancelled');
  expectProblem(await w.act(DISTRICT_USER.handler, o, 'escalation/answer', w.body('escalation/answer')), 403, 'forbidden');
  expectProblem(await w.act('dispatcher', o, 'escalation/answer', w.body('escalation/answer')), 409, 'invalid_transition');

  let r = await w.reachEscalated('return_requested');
  r = await w.do('dispatcher', r, 'return/approve', w.body('return/approve'));
  assert.equal((await panel(r.id))[0].status, 'cancelled');
  assert.ok((await w.events(r.id)).some((e) => e.type === 'escalation_cancelled' && e.payload.reason === 'return_approved'));

  let l = await w.reachEscalated('accepted');
  l = await w.do('supervisor', l, 'list', w.body('list'));
  assert.equal((await panel(l.id))[0].status, 'cancelled');
  // While a return is pending the request stays open and can be answered.
  let p = await w.reachEscalated('return_requested');
  p = await w.do(DISTRICT_USER.handler, p, 'escalation/answer', w.body('escalation/answer'));
  assert.equal((await panel(p.id))[0].status, 'coordinated');
});

test('statistics count requests per requesting unit and level, and per addressed unit; a unit sees its own subtree', async () => {
  const stats = async (user: string) => expectOk(await (await w.as(user))('GET', '/api/v1/escalations/stats?month=2026-03'));
  const all = await stats('supervisor');
  const street = all.items.filter((i: any) => i.unitId === w.units.id('350102004'));
  const district = street.find((i: any) => i.level === 'district');
  // This file's street requests to the district: coordinated 2, cancelled 3 (reply, return, 挂账); plus one city request.
  assert.deepEqual({ requested: district.requested, coordinated: district.coordinated, cancelled: district.cancelled, refused: district.refused }, { requested: 5, coordinated: 2, cancelled: 3, refused: 0 });
  assert.equal(street.find((i: any) => i.level === 'city').requested, 1);
  assert.equal(street.find((i: any) => i.level === 'city').overdue, 1);
  const company = all.items.find((i: any) => i.unitId === w.units.id(COMPANY));
  assert.deepEqual([company.level, company.refused], ['regulator', 1]);
  assert.equal(all.addressed.find((i: any) => i.unitId === w.units.id(DISTRICT)).requested, 5);
  const mine = await stats(`handler.${COMPANY}`);
  assert.deepEqual(mine.items.map((i: any) => i.unitId), [w.units.id(COMPANY)]);
  assert.deepEqual((await stats(`handler.${OTHER_STREET}`)).items, []);
  assert.equal((await stats('supervisor')).month, '2026-03');
  expectProblem(await (await w.as('supervisor'))('GET', '/api/v1/escalations/stats?month=2026-13'), 400, 'validation_failed');
  expectProblem(await w.t.app.inject({ method: 'GET', url: '/api/v1/escalations/stats?month=2026-03' }), 401, 'not_authenticated');
});
