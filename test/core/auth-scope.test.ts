// Sign-in and scope: wrong password 401, repeated failures slow their (username, address) pair only, no session 401; a unit's
// order list holds exactly the orders assigned (actively) within its subtree.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSOLE, DEMO_PASSWORD } from '../helpers/app';
import { COMMUNITY, expectOk, expectProblem, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from './_support';

let w: World;
before(async () => {
  w = await World.open();
  await w.createUser('unitleader.350102', 'unit_leader', '350102');
});
after(async () => {
  await w?.close();
});

const login = (username: string, password: string) => w.t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password }, headers: CONSOLE });

test('wrong password and unknown user → 401 invalid_credentials (same answer), no cookie set', async () => {
  w.t.clock.set('2026-03-02T09:00:00+08:00');
  const bad = await login('dispatcher', 'wrong-password');
  expectProblem(bad, 401, 'invalid_credentials');
  assert.ok(!bad.cookies.some((c) => c.name === 'minhu_session'));
  const unknown = await login('no.such.user', 'whatever1');
  expectProblem(unknown, 401, 'invalid_credentials');
  assert.equal(unknown.json().detail, bad.json().detail);
  const ok = await login('dispatcher', DEMO_PASSWORD);
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().user.role, 'dispatcher');
  assert.ok(ok.cookies.find((c) => c.name === 'minhu_session')?.httpOnly);
});

test('failed sign-ins slow down the (username, address) pair only: the right password from another address works; 429 says how long to wait', async () => {
  w.t.clock.set('2026-03-02T10:00:00+08:00');
  const from = (ip: string, password: string, username = 'supervisor') => w.t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password }, remoteAddress: ip, headers: { 'x-minhu-request': '1' } });
  for (let i = 1; i <= 5; i++) expectProblem(await from('10.1.1.1', `wrong-${i}`), 401, 'invalid_credentials');
  const limited = await from('10.1.1.1', DEMO_PASSWORD);
  expectProblem(limited, 429, 'too_many_attempts');
  assert.equal(limited.headers['retry-after'], '1');
  // Nobody locks a colleague out: the same account from another address, and another account from this one.
  assert.equal((await from('10.1.1.2', DEMO_PASSWORD)).statusCode, 200);
  assert.equal((await from('10.1.1.1', DEMO_PASSWORD, 'callback')).statusCode, 200);
  w.t.clock.advance(1000);
  assert.equal((await from('10.1.1.1', DEMO_PASSWORD)).statusCode, 200);
});

test('no session → 401 not_authenticated; a bogus or signed-out cookie is no session', async () => {
  w.t.clock.set('2026-03-02T11:00:00+08:00');
  const anon = (method: 'GET' | 'POST', url: string, cookie?: string) => w.t.app.inject({ method, url, payload: method === 'POST' ? { version: 1 } : undefined, headers: cookie ? { ...CONSOLE, cookie } : CONSOLE });
  for (const [m, u] of [['GET', '/api/v1/orders'], ['GET', '/api/v1/me'], ['GET', '/api/v1/orders/1'], ['POST', '/api/v1/orders/1/sign'], ['GET', '/api/v1/units']] as const) {
    expectProblem(await anon(m, u), 401, 'not_authenticated');
    expectProblem(await anon(m, u, 'minhu_session=forged-token'), 401, 'not_authenticated');
  }
  const ok = await login('operator', DEMO_PASSWORD);
  const cookie = `minhu_session=${ok.cookies.find((c) => c.name === 'minhu_session')!.value}`;
  assert.equal((await anon('GET', '/api/v1/me', cookie)).statusCode, 200);
  assert.equal((await w.t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { ...CONSOLE, cookie } })).statusCode, 204);
  expectProblem(await anon('GET', '/api/v1/me', cookie), 401, 'not_authenticated');
  // Sessions end after 7 days.
  const again = await login('operator', DEMO_PASSWORD);
  const c2 = `minhu_session=${again.cookies.find((c) => c.name === 'minhu_session')!.value}`;
  w.t.clock.advance(7 * 86_400_000 + 1000);
  expectProblem(await anon('GET', '/api/v1/me', c2), 401, 'not_authenticated');
});

/** Ids of the orders with an active assignment to a unit at or below `code`, straight from the tables. */
async function assignedWithin(code: string): Promise<number[]> {
  const { rows } = await w.t.s.db.query<{ id: number }>(
    `select distinct a.order_id as id from order_assignments a join units u on u.id = a.unit_id
     where a.active and u.path like $1 || '%' order by 1`,
    [w.units.path(code)],
  );
  return rows.map((r) => r.id);
}
async function listIds(username: string, query = ''): Promise<{ ids: number[]; total: number }> {
  const c = await w.as(username);
  const r = expectOk(await c('GET', `/api/v1/orders?pageSize=200${query}`));
  return { ids: r.items.map((x: Order) => x.id).sort((a: number, b: number) => a - b), total: r.total };
}

test('GET /api/v1/orders lists exactly the orders assigned within the caller\'s subtree', async () => {
  w.t.clock.set('2026-03-03T09:00:00+08:00');
  const S = w.units.id(STREET);
  const O = w.units.id(OTHER_STREET);
  const dispatch = async (body: Record<string, unknown>) => w.do('dispatcher', await w.create(), 'dispatch', { tier: 3, ...body });
  const main = await dispatch({ mainUnitId: S });
  const co = await dispatch({ mainUnitId: O, coUnitIds: [S] });
  const copy = await dispatch({ mainUnitId: O, copyUnitIds: [S] });
  const elsewhere = await dispatch({ mainUnitId: O });
  const dept = await dispatch({ mainUnitId: w.units.id('D3501-ZJJ') });
  const registered = await w.create();
  let returned = await dispatch({ mainUnitId: S });
  returned = await w.do(USER_OF_ROLE.handler, returned, 'return', { reason: '非本辖区' });
  returned = await w.do('dispatcher', returned, 'return/approve');
  let otherSub = await dispatch({ mainUnitId: O });
  otherSub = await w.do(`handler.${OTHER_STREET}`, otherSub, 'sign');
  otherSub = await w.do(`handler.${OTHER_STREET}`, otherSub, 'subdispatch', { unitId: w.units.id(`${OTHER_STREET}001`) });
  let sub = await w.reach('accepted'); // STREET's, sub-dispatched to COMMUNITY

  const street = await listIds(USER_OF_ROLE.handler);
  const expected = await assignedWithin(STREET);
  assert.deepEqual(street.ids, expected);
  assert.equal(street.total, expected.length);
  for (const o of [main, co, copy, sub]) assert.ok(street.ids.includes(o.id), `order ${o.id} should be listed for the street`);
  for (const o of [elsewhere, dept, registered, returned, otherSub]) assert.ok(!street.ids.includes(o.id), `order ${o.id} must not be listed for the street`);
  assert.deepEqual((await listIds(USER_OF_ROLE.unit_leader)).ids, expected, 'same unit, same list');

  // Every item really is the street's, and filters cannot widen the scope.
  const viaOther = await listIds(USER_OF_ROLE.handler, `&unitId=${O}`);
  assert.deepEqual(viaOther.ids, [co.id, copy.id].sort((a, b) => a - b));
  const paged = expectOk(await (await w.as(USER_OF_ROLE.handler))('GET', '/api/v1/orders?pageSize=1&page=2'));
  assert.equal(paged.total, expected.length);
  assert.equal(paged.items.length, 1);

  // The community sees only what was sub-dispatched to it; the district sees its streets; the centre sees all.
  assert.deepEqual((await listIds(USER_OF_ROLE.grid_worker)).ids, await assignedWithin(COMMUNITY));
  assert.ok((await assignedWithin(COMMUNITY)).includes(sub.id));
  const district = await listIds('unitleader.350102');
  assert.deepEqual(district.ids, await assignedWithin('350102'));
  assert.ok(district.ids.includes(elsewhere.id) && !district.ids.includes(dept.id) && !district.ids.includes(registered.id));
  const { rows } = await w.t.s.db.query<{ n: number }>('select count(*)::int as n from orders');
  assert.equal((await listIds('leader')).total, rows[0].n);
  sub = await w.get(sub.id, USER_OF_ROLE.grid_worker);
  assert.equal(sub.requester.phone, '139****5678');
});

test('list date filters: impossible dates → 400 invalid_date instead of rolling over', async () => {
  const c = await w.as('operator');
  expectProblem(await c('GET', '/api/v1/orders?from=2025-02-30'), 400, 'invalid_date');
  expectProblem(await c('GET', '/api/v1/orders?to=2026-13-01T00:00:00%2B08:00'), 400, 'invalid_date');
  expectProblem(await c('GET', '/api/v1/orders?from=yesterday'), 400, 'invalid_date');
  const r = expectOk(await c('GET', '/api/v1/orders?from=2026-03-03&to=2026-03-03T23:59:59%2B08:00&pageSize=200'));
  assert.ok(r.items.length > 0);
  for (const o of r.items) assert.equal(new Date(o.createdAt).toISOString(), new Date('2026-03-03T01:00:00Z').toISOString());
});
