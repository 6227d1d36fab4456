// The lifecycle paths of DOMAIN §4 end to end through the HTTP API, with what each one must leave behind:
// deadlines on the official calendar, assignments, pending requests and the event log.
// Expected deadlines are worked out by hand from the State Council schedule (see comments).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cst, expectProblem, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from './_support';

let w: World;
const H = USER_OF_ROLE.handler;
const iso = (local: string) => cst(local).toISOString();

before(async () => {
  w = await World.open(); // clock: Mon 2026-03-02 09:00 +08:00
});
after(async () => {
  await w?.close();
});

test('answer: registered → answered, closed at intake, never reaches a unit', async () => {
  const o = await w.create({ type: 'consult', title: '咨询公积金提取' });
  const a = await w.do('operator', o, 'answer', { answer: '携带身份证到公积金中心办理。' });
  assert.equal(a.status, 'answered');
  assert.equal(a.closedAt, w.t.clock.now().toISOString());
  assert.deepEqual(a.assignments, []);
  const ev = await w.events(o.id);
  assert.deepEqual(ev.map((e) => e.type), ['registered', 'answered']);
  assert.equal(ev[1].payload.answer, '携带身份证到公积金中心办理。');
});

test('dispatch → sign → contact → subdispatch → reply, with tier-3 deadlines from the dispatch time', async () => {
  w.t.clock.set('2026-03-02T09:00:00+08:00');
  let o = await w.create();
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3 });
  assert.equal(o.status, 'dispatched');
  assert.equal(o.mainUnitId, w.units.id(STREET));
  // Mon 03-02: 1 working day → Tue 03-03 end of day; 7 working days → 03-03..06, 09..11 → Wed 03-11.
  assert.equal(o.signDueAt, iso('2026-03-03T23:59:59'));
  assert.equal(o.contactDueAt, iso('2026-03-03T23:59:59'));
  assert.equal(o.resolveDueAt, iso('2026-03-11T23:59:59'));
  w.t.clock.advance(10 * 60_000);
  o = await w.do(H, o, 'sign');
  assert.equal(o.status, 'accepted');
  assert.equal(o.signedAt, w.t.clock.now().toISOString());
  o = await w.do(H, o, 'contact', { note: '已电话联系' });
  assert.equal(o.status, 'accepted');
  assert.equal(o.firstContactAt, w.t.clock.now().toISOString());
  w.t.clock.advance(60_000);
  o = await w.do(H, o, 'contact', { note: '再次联系' });
  assert.notEqual(o.firstContactAt, w.t.clock.now().toISOString(), 'first contact time is kept');
  o = await w.do(H, o, 'subdispatch', w.body('subdispatch'));
  assert.equal(o.status, 'accepted');
  const main = o.assignments.find((a: { role: string }) => a.role === 'main');
  assert.equal(main.unitId, w.units.id(STREET), 'the street stays accountable');
  o = await w.do(H, o, 'reply', { result: '已修复', replyToRequester: '地砖已更换' });
  assert.equal(o.status, 'replied');
  assert.equal(o.repliedAt, w.t.clock.now().toISOString());
  assert.deepEqual((await w.events(o.id)).map((e) => e.type), ['registered', 'dispatched', 'signed', 'contacted', 'contacted', 'subdispatched', 'replied']);
});

test('return → approve: the returning unit keeps the order until the approval names its new owner, whose new clock starts then (首办负责制)', async () => {
  w.t.clock.set('2026-03-02T09:00:00+08:00');
  let o = await w.reach('dispatched');
  assert.equal(o.resolveDueAt, iso('2026-03-11T23:59:59'));
  o = await w.do(H, o, 'return', { reason: '该地址属南街街道' });
  assert.equal(o.status, 'return_requested');
  assert.equal(o.pendingRequests.length, 1);
  assert.equal(o.pendingRequests[0].kind, 'return');
  assert.equal(o.resolveDueAt, iso('2026-03-11T23:59:59'), 'the clock keeps running while the return waits');
  assert.equal((await w.get(o.id, H)).mainUnitId, w.units.id(STREET), 'the returning unit still sees and holds it');

  w.t.clock.set('2026-03-04T10:00:00+08:00'); // Wed
  o = await w.do('dispatcher', o, 'return/approve', { note: '同意', mainUnitId: w.units.id(OTHER_STREET), tier: 3 });
  assert.equal(o.status, 'dispatched');
  assert.equal(o.mainUnitId, w.units.id(OTHER_STREET));
  assert.deepEqual(o.pendingRequests, []);
  assert.deepEqual(o.assignments.filter((a: { active: boolean }) => a.active).map((a: { unitId: number; role: string }) => [a.unitId, a.role]), [[w.units.id(OTHER_STREET), 'main']]);
  const evs = await w.events(o.id);
  assert.deepEqual(evs.slice(-2).map((e) => e.type), ['return_approved', 'dispatched']);
  assert.deepEqual(evs.at(-2)!.payload, { note: '同意', fromUnitId: w.units.id(STREET), toUnitId: w.units.id(OTHER_STREET), fallback: false });
  const old = await w.as(H);
  expectProblem(await old('GET', `/api/v1/orders/${o.id}`), 404, 'order_not_found');

  // New clock from Wed 03-04: sign Thu 03-05; 7 working days 03-05, 06, 09..13 → Fri 03-13.
  assert.equal(o.signDueAt, iso('2026-03-05T23:59:59'));
  assert.equal(o.resolveDueAt, iso('2026-03-13T23:59:59'));
  const { rows } = await w.t.s.db.query<{ clock_no: number; clock_started_at: Date }>('select clock_no, clock_started_at from orders where id = $1', [o.id]);
  assert.equal(rows[0].clock_no, 2);
  assert.equal(rows[0].clock_started_at.toISOString(), iso('2026-03-04T10:00:00'));
  expectProblem(await w.act(H, o, 'sign'), 404, 'order_not_found');
  o = await w.do(`handler.${OTHER_STREET}`, o, 'sign');
  assert.equal(o.status, 'accepted');
});

test('return → reject: back to the state the return came from (accepted or dispatched)', async () => {
  let fromAccepted = await w.reach('return_requested');
  const signedAt = (await w.get(fromAccepted.id)).signedAt;
  fromAccepted = await w.do('dispatcher', fromAccepted, 'return/reject', { note: '属于本街道' });
  assert.equal(fromAccepted.status, 'accepted');
  assert.equal(fromAccepted.signedAt, signedAt);
  assert.deepEqual(fromAccepted.pendingRequests, []);
  let fromDispatched = await w.reach('return_requested', { returnFrom: 'dispatched' });
  fromDispatched = await w.do('admin', fromDispatched, 'return/reject', { note: '属于本街道' });
  assert.equal(fromDispatched.status, 'dispatched');
  const { rows } = await w.t.s.db.query<{ status: string }>(`select status from order_requests where order_id = any($1::int[]) and kind = 'return'`, [[fromAccepted.id, fromDispatched.id]]);
  assert.deepEqual(rows.map((r) => r.status), ['rejected', 'rejected']);
  // The unit can return again after a rejection.
  const again = await w.do(H, fromDispatched, 'return', { reason: '确实不属于本街道' });
  assert.equal(again.status, 'return_requested');
});

test('extension → approve moves the deadline on the official calendar (2026 Mid-Autumn + National Day)', async () => {
  w.t.clock.set('2026-09-22T10:00:00+08:00'); // Tue
  let o = await w.reach('accepted', { tier: 3 });
  // 7 working days after Tue 09-22: 23, 24, (25–27 中秋 off), 28, 29, 30, (10-01..07 国庆 off), 10-08, 10-09.
  assert.equal(o.resolveDueAt, iso('2026-10-09T23:59:59'));
  o = await w.do(H, o, 'extension', { reason: '需协调供电公司', extra: { amount: 2, unit: 'workdays' } });
  assert.equal(o.pendingRequests[0].kind, 'extension');
  expectProblem(await w.act(H, o, 'extension', { reason: '再次申请', extra: { amount: 1, unit: 'workdays' } }), 409, 'already_pending');
  o = await w.do('supervisor', o, 'extension/approve', { note: '同意' });
  // 2 working days after 10-09: Sat 10-10 is a make-up working day (调休上班), Sun 10-11 off, Mon 10-12.
  assert.equal(o.resolveDueAt, iso('2026-10-12T23:59:59'));
  assert.equal(o.status, 'accepted');
  assert.deepEqual(o.pendingRequests, []);
  const ev = (await w.events(o.id)).at(-1)!;
  assert.equal(ev.type, 'extension_approved');
  assert.equal(ev.payload.oldDueAt, iso('2026-10-09T23:59:59'));
  assert.equal(ev.payload.newDueAt, iso('2026-10-12T23:59:59'));
  expectProblem(await w.act('supervisor', o, 'extension/approve'), 409, 'nothing_pending');
});

test('extension → reject leaves the deadline; an hours extension adds calendar hours', async () => {
  w.t.clock.set('2026-03-02T09:00:00+08:00');
  let o = await w.reach('accepted', { tier: 1 });
  assert.equal(o.resolveDueAt, iso('2026-03-02T11:00:00')); // tier 1: 2 hours
  o = await w.do(H, o, 'extension', { reason: '夜间无法施工', extra: { amount: 3, unit: 'hours' } });
  o = await w.do('dispatcher', o, 'extension/reject', { note: '紧急件不得延期' });
  assert.equal(o.resolveDueAt, iso('2026-03-02T11:00:00'));
  assert.equal((await w.events(o.id)).at(-1)!.type, 'extension_rejected');
  o = await w.do(H, o, 'extension', { reason: '夜间无法施工', extra: { amount: 3, unit: 'hours' } });
  o = await w.do('admin', o, 'extension/approve');
  assert.equal(o.resolveDueAt, iso('2026-03-02T14:00:00'));
});

test('merge into an open parent: child merged with its own requester, parent gets child_merged', async () => {
  const parent = await w.reach('dispatched');
  const child = await w.create({ title: '同一处路面破损', requester: { name: '李女士', phone: '13700001111' } });
  const m = await w.do('dispatcher', child, 'merge', { parentId: parent.id });
  assert.equal(m.status, 'merged');
  assert.equal(m.parentId, parent.id);
  assert.equal(m.requester.name, '李女士');
  const childEv = (await w.events(child.id)).at(-1)!;
  assert.equal(childEv.type, 'merged');
  assert.deepEqual(childEv.payload, { parentId: parent.id, parentNumber: parent.number });
  const parentEv = (await w.events(parent.id)).filter((e) => e.type === 'child_merged');
  assert.deepEqual(parentEv.map((e) => e.payload), [{ childId: child.id, childNumber: child.number }]);
  assert.equal((await w.get(parent.id)).status, 'dispatched');

  const other = await w.create();
  expectProblem(await w.act('operator', other, 'merge', { parentId: other.id }), 409, 'merge_target_invalid');
  expectProblem(await w.act('operator', other, 'merge', { parentId: child.id }), 409, 'merge_target_invalid'); // a merged child
  const closed = await w.reach('closed');
  expectProblem(await w.act('operator', other, 'merge', { parentId: closed.id }), 409, 'merge_target_invalid');
  expectProblem(await w.act('operator', other, 'merge', { parentId: 999999 }), 409, 'merge_target_invalid');
  assert.equal((await w.snapshot(other.id)).status, 'registered');
});

test('invalidate needs a reason; from return_requested it also settles the pending return', async () => {
  const o = await w.create({ title: '测试骚扰' });
  expectProblem(await w.act('operator', o, 'invalidate', { reason: '' }), 400, 'validation_failed');
  const inv = await w.do('operator', o, 'invalidate', { reason: '恶意骚扰电话' });
  assert.equal(inv.status, 'invalid');
  assert.ok(inv.closedAt);
  assert.deepEqual((await w.events(o.id)).at(-1), { type: 'invalidated', payload: { reason: '恶意骚扰电话' } });
  const rr = await w.reach('return_requested');
  const inv2 = await w.do('dispatcher', rr, 'invalidate', { reason: '重复来电' });
  assert.equal(inv2.status, 'invalid');
  assert.deepEqual(inv2.pendingRequests, []);
});

test('list (挂账) needs a future local date, leaves the clock, and can then be closed', async () => {
  // 07:00 in Fuzhou is still the previous day in UTC: "today" must be the hotline's local date.
  w.t.clock.set('2026-03-10T07:00:00+08:00');
  let o = await w.reach('accepted');
  expectProblem(await w.act('supervisor', o, 'list', { reason: '纳入计划', until: '2026-03-09' }), 400, 'validation_failed');
  expectProblem(await w.act('supervisor', o, 'list', { reason: '纳入计划', until: '2026-03-10' }), 400, 'validation_failed');
  expectProblem(await w.act('supervisor', o, 'list', { reason: '纳入计划', until: '2026-02-30' }), 400, 'invalid_date');
  expectProblem(await w.act('supervisor', o, 'list', { reason: '纳入计划', until: '2027-02-29' }), 400, 'invalid_date');
  assert.equal((await w.snapshot(o.id)).version, o.version);
  o = await w.do('supervisor', o, 'list', { reason: '需纳入旧改计划', until: '2026-12-31' });
  assert.equal(o.status, 'listed');
  assert.equal(o.listedUntil, '2026-12-31');
  assert.equal(o.warning, null);
  assert.deepEqual([o.deadlines.sign.level, o.deadlines.contact.level, o.deadlines.resolve.level], [null, null, null], 'a listed order is out of the clock');
  assert.deepEqual((await w.events(o.id)).at(-1)!.payload, { reason: '需纳入旧改计划', until: '2026-12-31' });
  o = await w.do('supervisor', o, 'close', { note: '改造完成' });
  assert.equal(o.status, 'closed');
  assert.deepEqual((await w.events(o.id)).at(-1), { type: 'closed', payload: { note: '改造完成', reason: 'manual' } });
});

test('supervise flags an open order without changing its state and shows in ?supervised=true', async () => {
  let o = await w.reach('dispatched');
  assert.equal(o.supervised, false);
  o = await w.do('supervisor', o, 'supervise', { note: '群众反映强烈，请加快' });
  assert.equal(o.status, 'dispatched');
  assert.equal(o.supervised, true);
  assert.ok(!o.allowedActions.includes('supervise'));
  assert.deepEqual((await w.events(o.id)).at(-1), { type: 'supervised', payload: { note: '群众反映强烈，请加快', auto: false } });
  const sup = await w.as('supervisor');
  const list = (await sup('GET', '/api/v1/orders?supervised=true&pageSize=200')).json();
  assert.ok(list.items.some((x: Order) => x.id === o.id));
  assert.ok(list.items.every((x: Order) => x.supervised));
});
