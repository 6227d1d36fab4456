// Volunteers 群众点单、社区派单、党员接单: a resident (portal, verified phone) or staff posts a need → the community
// publishes it → a registered volunteer claims and completes it (note, hours, photo) → the requester confirms; hours
// and the public board. Every transition allowed and forbidden, by role and scope; a volunteer sees only tasks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMUNITY, expectOk, expectProblem, OTHER_STREET, USER_OF_ROLE, World } from '../core/_support';
import { codeFor, photo, resident } from '../portal/_support';

const STAFF = `handler.${COMMUNITY}`;
const AWAY = `handler.${OTHER_STREET}`;
const RESIDENT = '13800001111';
const V1 = '13900002222';
const V2 = '13900003333';
const V_AWAY = '13900004444';
let w: World;
let r: ReturnType<typeof resident>;
let tokens: Record<string, string> = {};
type Task = Record<string, any> & { id: number; version: number; status: string };

before(async () => {
  w = await World.open();
  await w.createUser(STAFF, 'handler', COMMUNITY);
  r = resident(w.t);
});
after(() => w?.close());

const vol = (phone: string) => (method: string, url: string, body?: unknown) => r(method, url, body, { 'x-volunteer-token': tokens[phone] ?? 'none' });

test('community staff register volunteers (people of a community, party members flagged); phones masked; scope', async () => {
  const c = await w.as(STAFF);
  const v = expectOk(await c('POST', '/api/v1/volunteers', { communityId: w.units.id(COMMUNITY), name: '王建国', phone: V1, partyMember: true, skills: '水电维修' }), 201);
  assert.equal(v.phone, '139****2222');
  assert.equal(v.partyMember, true);
  expectOk(await c('POST', '/api/v1/volunteers', { communityId: w.units.id(COMMUNITY), name: '李芳', phone: V2 }), 201);
  expectProblem(await c('POST', '/api/v1/volunteers', { communityId: w.units.id(COMMUNITY), name: '重复', phone: V1 }), 409, 'conflict');
  // Another street's staff cannot register into this community; a street is not a community.
  expectProblem(await (await w.as(AWAY))('POST', '/api/v1/volunteers', { communityId: w.units.id(COMMUNITY), name: 'x', phone: '13900009999' }), 404, 'unit_not_found');
  expectOk(await (await w.as(AWAY))('POST', '/api/v1/volunteers', { communityId: w.units.id(`${OTHER_STREET}001`), name: '赵六', phone: V_AWAY }), 201);
  expectProblem(await (await w.as(USER_OF_ROLE.handler))('POST', '/api/v1/volunteers', { communityId: w.units.id('350102004'), name: 'x', phone: '13900009999' }), 422, 'unit_not_assignable');
  for (const who of [USER_OF_ROLE.grid_worker, 'operator', 'leader']) expectProblem(await (await w.as(who))('POST', '/api/v1/volunteers', { communityId: w.units.id(COMMUNITY), name: 'x', phone: '13900009998' }), 403, 'forbidden');
  expectProblem(await (await w.as(USER_OF_ROLE.grid_worker))('GET', '/api/v1/volunteers'), 403, 'forbidden');
  const mine = (expectOk(await c('GET', '/api/v1/volunteers')).items as { name: string }[]).map((x) => x.name);
  assert.deepEqual(mine, ['王建国', '李芳']);
  assert.ok(expectOk(await (await w.as('leader'))('GET', '/api/v1/volunteers')).items.length >= 3);
});

test('volunteers sign in with a one-time code; the token reads and acts on tasks only', async () => {
  // Without the phone's code nothing is told; with it, an unregistered phone learns it is not a volunteer's.
  expectProblem(await r('POST', '/api/v1/portal/volunteer/session', { phone: '13700000000', code: '123456' }), 422, 'otp_expired');
  expectProblem(await r('POST', '/api/v1/portal/volunteer/session', { phone: '13700000000', code: await codeFor(w.t, r, '13700000000', 'volunteer') }), 404, 'volunteer_not_found');
  for (const p of [V1, V2, V_AWAY]) {
    const code = await codeFor(w.t, r, p, 'volunteer');
    expectProblem(await r('POST', '/api/v1/portal/volunteer/session', { phone: p, code: code === '000000' ? '111111' : '000000' }), 422, 'otp_wrong');
    const s = expectOk(await r('POST', '/api/v1/portal/volunteer/session', { phone: p, code }), 201);
    tokens[p] = s.token;
  }
  // A code for another purpose does not sign in.
  const submitCode = await codeFor(w.t, r, V1, 'submit');
  expectProblem(await r('POST', '/api/v1/portal/volunteer/session', { phone: V1, code: submitCode }), 422, 'otp_expired');
  // The token is not a console session.
  for (const url of ['/api/v1/orders', '/api/v1/volunteer-tasks', '/api/v1/volunteers', '/api/v1/grid/issues']) assert.equal((await vol(V1)('GET', url)).statusCode, 401, url);
  expectProblem(await r('GET', '/api/v1/portal/volunteer/tasks', undefined, { 'x-volunteer-token': 'forged' }), 401, 'volunteer_session_invalid');
  expectProblem(await r('GET', '/api/v1/portal/volunteer/tasks'), 401, 'volunteer_session_invalid');
});

let need: Task;
test('a resident posts a need; staff publish it; volunteers of the community see and claim it (one wins)', async () => {
  const code = await codeFor(w.t, r, RESIDENT, 'need');
  const posted = expectOk(await r('POST', '/api/v1/portal/needs', { communityId: w.units.id(COMMUNITY), kind: 'elderly', title: '帮独居老人买菜', description: '每周两次', address: '军门社区 5 号楼 201', requesterName: '陈阿姨', phone: RESIDENT, code }), 201);
  assert.equal(posted.status, 'posted');
  expectProblem(await r('POST', '/api/v1/portal/needs', { communityId: w.units.id(COMMUNITY), kind: 'elderly', title: '再来一次', phone: RESIDENT, code }), 422, 'otp_expired');
  const c = await w.as(STAFF);
  need = (expectOk(await c('GET', '/api/v1/volunteer-tasks')).items as Task[]).find((t) => t.id === posted.id)!;
  assert.equal(need.requesterPhone, '138****1111');
  assert.equal(need.fromPortal, true);
  assert.deepEqual(need.allowedActions, ['publish', 'cancel']);
  // Not yet published: volunteers do not see it and cannot claim it.
  assert.ok(!expectOk(await vol(V1)('GET', '/api/v1/portal/volunteer/tasks')).items.some((t: Task) => t.id === need.id));
  expectProblem(await vol(V1)('POST', `/api/v1/portal/volunteer/tasks/${need.id}/claim`, { version: need.version }), 409, 'invalid_transition');
  // Publishing is the community's: not another street, not a grid worker, not a read-only leader.
  expectProblem(await (await w.as(AWAY))('POST', `/api/v1/volunteer-tasks/${need.id}/publish`, { version: need.version }), 404, 'volunteer_task_not_found');
  for (const who of [USER_OF_ROLE.grid_worker, 'leader', 'operator']) expectProblem(await (await w.as(who))('POST', `/api/v1/volunteer-tasks/${need.id}/publish`, { version: need.version }), 403, 'forbidden');
  assert.ok(!(expectOk(await (await w.as(AWAY))('GET', '/api/v1/volunteer-tasks')).items as Task[]).some((t) => t.id === need.id));
  need = expectOk(await c('POST', `/api/v1/volunteer-tasks/${need.id}/publish`, { version: need.version })) as Task;
  assert.equal(need.status, 'published');
  expectProblem(await c('POST', `/api/v1/volunteer-tasks/${need.id}/publish`, { version: need.version }), 409, 'invalid_transition');
  const seen = (expectOk(await vol(V1)('GET', '/api/v1/portal/volunteer/tasks')).items as Task[]).find((t) => t.id === need.id)!;
  assert.equal(seen.requesterName, '陈某');
  assert.ok(!JSON.stringify(seen).includes('1111'));
  // A volunteer of another community neither sees nor claims it.
  assert.ok(!expectOk(await vol(V_AWAY)('GET', '/api/v1/portal/volunteer/tasks')).items.some((t: Task) => t.id === need.id));
  expectProblem(await vol(V_AWAY)('POST', `/api/v1/portal/volunteer/tasks/${need.id}/claim`, { version: need.version }), 404, 'volunteer_task_not_found');
  // Two volunteers claim at once: one wins, the other is told it changed.
  const [a, b] = await Promise.all([vol(V1)('POST', `/api/v1/portal/volunteer/tasks/${need.id}/claim`, { version: need.version }), vol(V2)('POST', `/api/v1/portal/volunteer/tasks/${need.id}/claim`, { version: need.version })]);
  assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409], `${a.body} ${b.body}`);
  const winner = a.statusCode === 200 ? V1 : V2;
  const loser = winner === V1 ? V2 : V1;
  need = a.statusCode === 200 ? a.json() : b.json();
  assert.equal(need.mine, true);
  assert.equal(need.requesterName, '陈阿姨');
  tokens.winner = tokens[winner];
  tokens.loser = tokens[loser];
});

test('the volunteer completes (note, hours, photo); the requester confirms with the same phone; hours count', async () => {
  expectProblem(await vol('loser')('POST', `/api/v1/portal/volunteer/tasks/${need.id}/complete`, { version: need.version, note: '已完成', hours: 2 }), 403, 'forbidden');
  expectProblem(await vol('winner')('POST', `/api/v1/portal/volunteer/tasks/${need.id}/complete`, { version: need.version, hours: 2 }), 400, 'validation_failed');
  expectProblem(await vol('winner')('POST', `/api/v1/portal/volunteer/tasks/${need.id}/complete`, { version: need.version, note: 'x', hours: 0.3 }), 400, 'validation_failed');
  need = expectOk(await vol('winner')('POST', `/api/v1/portal/volunteer/tasks/${need.id}/complete`, { version: need.version, note: '买了蔬菜和鸡蛋，送到家', hours: 1.5, photos: [photo()] })) as Task;
  assert.equal(need.status, 'completed');
  // Staff do not confirm for a resident who posted on the portal; another phone cannot; the requester can.
  expectProblem(await (await w.as(STAFF))('POST', `/api/v1/volunteer-tasks/${need.id}/confirm`, { version: need.version }), 403, 'forbidden');
  const other = await codeFor(w.t, r, '13800009999', 'need');
  expectProblem(await r('POST', '/api/v1/portal/needs/confirm', { taskId: need.id, phone: '13800009999', code: other }), 404, 'volunteer_task_not_found');
  const code = await codeFor(w.t, r, RESIDENT, 'need');
  const done = expectOk(await r('POST', '/api/v1/portal/needs/confirm', { taskId: need.id, phone: RESIDENT, code }));
  assert.equal(done.status, 'confirmed');
  assert.equal(done.hours, 1.5);
  const again = await codeFor(w.t, r, RESIDENT, 'need');
  expectProblem(await r('POST', '/api/v1/portal/needs/confirm', { taskId: need.id, phone: RESIDENT, code: again }), 409, 'invalid_transition');
  const me = expectOk(await vol('winner')('GET', '/api/v1/portal/volunteer/tasks'));
  assert.equal(me.volunteer.hours, 1.5);
  const vs = expectOk(await (await w.as(STAFF))('GET', '/api/v1/volunteers')).items as { phone: string; hours: number; tasks: number }[];
  assert.equal(vs.reduce((s, v) => s + v.hours, 0), 1.5);
  const { rows } = await w.t.s.db.query<{ type: string }>('select type from volunteer_task_events where task_id = $1 order by id', [need.id]);
  assert.deepEqual(rows.map((x) => x.type), ['task_posted', 'task_published', 'task_claimed', 'task_completed', 'task_confirmed']);
});

test('staff post for a resident without the portal and confirm it themselves; cancel; the public board has no personal data', async () => {
  const c = await w.as(STAFF);
  let t = expectOk(await c('POST', '/api/v1/volunteer-tasks', { communityId: w.units.id(COMMUNITY), kind: 'repair', title: '修理楼道灯', requesterName: '刘大爷', requesterPhone: '13600001234' }), 201) as Task;
  assert.equal(t.requesterPhone, '136****1234');
  t = expectOk(await c('POST', `/api/v1/volunteer-tasks/${t.id}/publish`, { version: t.version })) as Task;
  t = expectOk(await vol('winner')('POST', `/api/v1/portal/volunteer/tasks/${t.id}/claim`, { version: t.version })) as Task;
  t = expectOk(await vol('winner')('POST', `/api/v1/portal/volunteer/tasks/${t.id}/complete`, { version: t.version, note: '换了灯泡', hours: 1 })) as Task;
  expectProblem(await (await w.as(AWAY))('POST', `/api/v1/volunteer-tasks/${t.id}/confirm`, { version: t.version }), 404, 'volunteer_task_not_found');
  t = expectOk(await c('POST', `/api/v1/volunteer-tasks/${t.id}/confirm`, { version: t.version })) as Task;
  assert.equal(t.status, 'confirmed');
  let x = expectOk(await c('POST', '/api/v1/volunteer-tasks', { communityId: w.units.id(COMMUNITY), kind: 'errand', title: '代办社保卡' }), 201) as Task;
  expectProblem(await c('POST', `/api/v1/volunteer-tasks/${x.id}/confirm`, { version: x.version }), 409, 'invalid_transition');
  for (const who of ['leader', USER_OF_ROLE.grid_worker]) expectProblem(await (await w.as(who))('POST', `/api/v1/volunteer-tasks/${x.id}/cancel`, { version: x.version }), 403, 'forbidden');
  expectProblem(await (await w.as(AWAY))('POST', `/api/v1/volunteer-tasks/${x.id}/cancel`, { version: x.version }), 404, 'volunteer_task_not_found');
  x = expectOk(await c('POST', `/api/v1/volunteer-tasks/${x.id}/cancel`, { version: x.version, note: '已由家属办理' })) as Task;
  assert.equal(x.status, 'cancelled');
  expectProblem(await c('POST', `/api/v1/volunteer-tasks/${x.id}/cancel`, { version: x.version }), 409, 'invalid_transition');
  expectProblem(await c('POST', `/api/v1/volunteer-tasks/${t.id}/cancel`, { version: t.version }), 409, 'invalid_transition');
  // A volunteer does not publish or confirm: those routes are the console's.
  assert.equal((await vol('winner')('POST', `/api/v1/volunteer-tasks/${x.id}/publish`, { version: x.version })).statusCode, 401);
  const board = await r('GET', '/api/v1/portal/volunteer/board');
  const row = (expectOk(board).items as Record<string, any>[]).find((b) => b.communityId === w.units.id(COMMUNITY))!;
  assert.deepEqual({ ...row, communityName: 'x' }, { communityId: w.units.id(COMMUNITY), communityName: 'x', volunteers: 2, partyMembers: 1, open: 0, done: 2, hours: 2.5, partyHours: row.partyHours });
  for (const secret of ['王建国', '李芳', '陈阿姨', '刘大爷', '2222', '1111', '1234', '买菜']) assert.ok(!board.body.includes(secret), secret);
});
