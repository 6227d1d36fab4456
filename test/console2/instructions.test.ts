// 批示: a leader writes an instruction on an order, the handling unit answers it once; both are order events.
// Who may write (leader only), who may answer (handler / unit leader of a handling unit), who reads (scope).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMUNITY, expectOk, expectProblem, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from '../core/_support';

let w: World;
let o: Order;
const H = USER_OF_ROLE.handler;
const UL = USER_OF_ROLE.unit_leader;
const OTHER_H = `handler.${OTHER_STREET}`;
const COMMUNITY_H = `handler.${COMMUNITY}`;

before(async () => {
  w = await World.open();
  await w.createUser(COMMUNITY_H, 'handler', COMMUNITY);
  o = await w.reach('accepted'); // main STREET, sub-dispatched to COMMUNITY
});
after(async () => {
  await w?.close();
});

const url = (id = o.id) => `/api/v1/orders/${id}/instructions`;

test('a leader writes 批示; the handling unit sees it, answers once; both show in the order history', async () => {
  const leader = await w.as('leader');
  const snap = await w.snapshot(o.id);
  const given = expectOk(await leader('POST', url(), { text: '  请街道本周内牵头解决，办理结果报我。 ' }), 201);
  assert.equal(given.text, '请街道本周内牵头解决，办理结果报我。');
  assert.equal(given.answer, null);
  const after1 = await w.snapshot(o.id);
  assert.equal(after1.events, snap.events + 1);
  const { rows: alerts } = await w.t.s.db.query<{ recipient: string; body: string }>(`select recipient, body from outbox where order_id = $1 and template = 'unit_instruction'`, [o.id]);
  assert.deepEqual(alerts.map((a) => a.recipient), [`unit:${w.units.id(STREET)}`], 'the main unit is alerted through the outbox');
  assert.match(alerts[0].body, /领导批示：中心领导就工单\d{14}「.*」批示：请街道本周内牵头解决/);
  assert.equal(after1.version, snap.version, 'an instruction is no lifecycle change');

  const h = await w.as(H);
  const seen = expectOk(await h('GET', url()));
  assert.equal(seen.items.length, 1);
  assert.equal(seen.items[0].canAnswer, true);
  assert.equal(seen.canGive, false);
  assert.equal(expectOk(await leader('GET', url())).canGive, true);

  const answered = expectOk(await (await w.as(UL))('POST', `${url()}/${given.id}/answer`, { answer: '已安排专人本周处理，周五前报结果。' }));
  assert.equal(answered.answer, '已安排专人本周处理，周五前报结果。');
  assert.ok(answered.answeredBy && answered.answeredAt);
  expectProblem(await h('POST', `${url()}/${given.id}/answer`, { answer: '再答一次' }), 409, 'instruction_answered');

  const types = (await w.events(o.id)).map((e) => e.type);
  assert.deepEqual(types.slice(-2), ['instruction_given', 'instruction_answered']);
  const detail = await w.get(o.id, H);
  assert.ok(detail.events.some((e: { type: string; payload: { text?: string } }) => e.type === 'instruction_given' && e.payload.text === given.text));
});

test('forbidden by role: only leaders write, only handlers / unit leaders answer; refused writes leave nothing', async () => {
  const leader = await w.as('leader');
  const ins = expectOk(await leader('POST', url(), { text: '第二条批示' }), 201);
  const snap = await w.snapshot(o.id);
  for (const u of ['admin', 'operator', 'dispatcher', 'supervisor', H, UL]) {
    expectProblem(await (await w.as(u))('POST', url(), { text: '越权批示' }), 403, 'forbidden');
  }
  for (const u of ['leader', 'operator', 'dispatcher', 'supervisor', 'admin']) {
    expectProblem(await (await w.as(u))('POST', `${url()}/${ins.id}/answer`, { answer: '越权答复' }), 403, 'forbidden');
  }
  assert.deepEqual(await w.snapshot(o.id), snap);
  const { rows } = await w.t.s.db.query<{ answer: string | null }>('select answer from order_instructions where id = $1', [ins.id]);
  assert.equal(rows[0].answer, null);
});

test('scope: another street neither reads nor answers (404 like a missing order); the sub-dispatched community may answer', async () => {
  const leader = await w.as('leader');
  const ins = expectOk(await leader('POST', url(), { text: '第三条批示' }), 201);
  const other = await w.as(OTHER_H);
  expectProblem(await other('GET', url()), 404, 'order_not_found');
  expectProblem(await other('POST', `${url()}/${ins.id}/answer`, { answer: '不是我的' }), 404, 'order_not_found');
  const community = await w.as(COMMUNITY_H);
  assert.equal(expectOk(await community('GET', url())).items.find((i: { id: number }) => i.id === ins.id).canAnswer, true);
  expectOk(await community('POST', `${url()}/${ins.id}/answer`, { answer: '社区已到现场' }));
  // the grid worker reads the order (sub-dispatched to its community) but may not answer
  const grid = await w.as(USER_OF_ROLE.grid_worker);
  assert.equal(expectOk(await grid('GET', url())).items.every((i: { canAnswer: boolean }) => !i.canAnswer), true);
});

test('bad input: unknown instruction 404, empty text 400, closed order 409, anonymous 401', async () => {
  const leader = await w.as('leader');
  const h = await w.as(H);
  expectProblem(await h('POST', `${url()}/999999/answer`, { answer: '无' }), 404, 'instruction_not_found');
  expectProblem(await leader('POST', url(), { text: '   ' }), 400, 'validation_failed');
  expectProblem(await leader('POST', url(), {}), 400, 'validation_failed');
  expectProblem(await leader('POST', url(999999), { text: '不存在的工单' }), 404, 'order_not_found');
  const closed = await w.reach('closed');
  expectProblem(await leader('POST', url(closed.id), { text: '已归档' }), 409, 'instruction_not_allowed');
  assert.equal(expectOk(await leader('GET', url(closed.id))).canGive, false);
  expectProblem(await w.t.app.inject({ method: 'GET', url: url() }), 401, 'not_authenticated');
  // an instruction of another order cannot be answered through this one
  const second = await w.reach('accepted');
  const ins = expectOk(await leader('POST', url(second.id), { text: '另一单' }), 201);
  expectProblem(await h('POST', `${url()}/${ins.id}/answer`, { answer: '串单' }), 404, 'instruction_not_found');
});

test('the demo ships unit leaders (head.<code>) and grid workers (grid.<gridCode>) who sign in; a demo unit leader answers', async () => {
  const { rows } = await w.t.s.db.query<{ role: string; n: number }>(`select role, count(*)::int as n from users where is_demo and (username like 'head.%' or username like 'grid.%') group by role order by role`);
  const by = Object.fromEntries(rows.map((r) => [r.role, r.n]));
  assert.ok(by.unit_leader >= 10 && by.grid_worker >= 5, JSON.stringify(by));
  const grid = await w.as('grid.350102004001-G1');
  assert.equal(expectOk(await grid('GET', '/api/v1/me')).role, 'grid_worker');
  const o2 = await w.reach('accepted', { sub: false });
  const ins = expectOk(await (await w.as('leader'))('POST', url(o2.id), { text: '演示负责人答复' }), 201);
  expectOk(await (await w.as('head.350102004'))('POST', `${url(o2.id)}/${ins.id}/answer`, { answer: '负责人已督促' }));
});
