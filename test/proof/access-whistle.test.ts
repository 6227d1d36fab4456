// Access to the whistle 吹哨报到 routes as a matrix: a department that is not (or no longer) summoned learns
// nothing of the order — every order route, the whistle panel and every whistle action answer exactly like a
// missing order; the inbox and the statistics show a unit its own subtree only; a summoned department sees the
// requester masked (or hidden on a confidential order) and cannot reveal the phone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS } from '../../src/modules/orders/lifecycle';
import { DEPT, DEPT_USER, expectOk, expectProblem, OTHER_DEPT, USER_OF_ROLE, World, type Order } from '../core/_support';
import { assertProblem } from './_support';

const H = USER_OF_ROLE.handler;
const MISSING = 99999999;
const OUTSIDERS = ['handler.D350102-JY', 'handler.E3501-WATER', 'handler.350102005', `handler.${OTHER_DEPT}`];
let w: World;
let open: Order;
let closed: Order;
let secret: Order;

before(async () => {
  w = await World.open();
  open = await w.do(H, await w.reach('accepted', { sub: false }), 'whistle', w.body('whistle'));
  closed = await w.do(H, await w.reach('accepted', { sub: false }), 'whistle', { departmentIds: [w.units.id(OTHER_DEPT)], reason: '需市场监管到场' });
  closed = await w.do(`handler.${OTHER_DEPT}`, closed, 'whistle/report', w.body('whistle/report'));
  closed = await w.do(H, closed, 'whistle/rate', { ratings: [{ unitId: w.units.id(OTHER_DEPT), score: 'basically' }] });
  let s = await w.create({ confidential: true, title: '保密件：举报无证经营' });
  s = await w.do('dispatcher', s, 'dispatch', w.body('dispatch'));
  s = await w.do(H, s, 'sign');
  secret = await w.do(H, s, 'whistle', w.body('whistle'));
});
after(() => w?.close());

const normalise = (body: string, id: number) => body.replaceAll(String(id), '«id»');

test('units not summoned, or no longer summoned, get the answer of a missing order on every order and whistle route', async () => {
  let checked = 0;
  for (const who of OUTSIDERS) {
    const c = await w.as(who);
    for (const o of [open, closed]) {
      const probes: [string, (id: number) => ReturnType<typeof c>][] = [
        ['detail', (id) => c('GET', `/api/v1/orders/${id}`)],
        ['whistle panel', (id) => c('GET', `/api/v1/orders/${id}/whistles`)],
        ['reveal-phone', (id) => c('POST', `/api/v1/orders/${id}/reveal-phone`)],
        ...ACTIONS.filter((a) => a.startsWith('whistle')).map((a) => [`action ${a}`, (id: number) => c('POST', `/api/v1/orders/${id}/${a}`, { version: o.version, ...w.body(a) })] as [string, (id: number) => ReturnType<typeof c>]),
      ];
      for (const [name, send] of probes) {
        const real = await send(o.id);
        const missing = await send(MISSING);
        assertProblem(real, `${who} ${name}`);
        assert.equal(real.statusCode, 404, `${who} ${name}: ${real.body}`);
        assert.equal(normalise(real.body, o.id), normalise(missing.body, MISSING), `${who} ${name}: differs from a missing order`);
        assert.ok(!real.body.includes(o.title));
        checked++;
      }
    }
    const list = expectOk(await c('GET', '/api/v1/orders?pageSize=200'));
    assert.ok(!list.items.some((x: Order) => [open.id, secret.id].includes(x.id)), `${who} lists a whistle order it is not summoned to`);
  }
  assert.ok(checked >= OUTSIDERS.length * 2 * 6);
});

test('the summoned department lists and reads the order, masked; a confidential requester stays hidden; no reveal', async () => {
  const c = await w.as(DEPT_USER.handler);
  const list = expectOk(await c('GET', '/api/v1/orders?pageSize=200'));
  assert.ok(list.items.some((x: Order) => x.id === open.id));
  const o = await w.get(open.id, DEPT_USER.handler);
  assert.equal(o.requester.phone, '139****5678');
  const s = await w.get(secret.id, DEPT_USER.handler);
  assert.deepEqual(s.requester, { name: null, phone: null, company: null, hidden: true });
  expectProblem(await c('POST', `/api/v1/orders/${secret.id}/reveal-phone`), 403, 'requester_confidential');
  expectProblem(await c('POST', `/api/v1/orders/${open.id}/reveal-phone`), 403, 'reveal_not_allowed');
  // The unit leader of the department acts for it too (a unit above or equal to the summoned unit).
  assert.ok((await w.get(open.id, DEPT_USER.unit_leader)).allowedActions.includes('whistle/report'));
});

test('inbox and statistics show a unit its own subtree; the centre sees every unit\'s statistics', async () => {
  const month = '2026-03';
  // This file's whistles only (the demo seed has one of its own).
  const ours = (items: { orderId: number; unitId: number }[]) => items.filter((i) => [open.id, closed.id, secret.id].includes(i.orderId));
  const inboxOf = async (u: string) => ours(expectOk(await (await w.as(u))('GET', '/api/v1/whistle/inbox?status=all')).items);
  const mine = await inboxOf(DEPT_USER.handler);
  assert.deepEqual([...new Set(mine.map((i) => i.unitId))], [w.units.id(DEPT)]);
  assert.deepEqual(mine.map((i) => i.orderId).sort(), [open.id, secret.id].sort());
  assert.deepEqual((await inboxOf(`handler.${OTHER_DEPT}`)).map((i) => i.orderId), [closed.id]);
  assert.deepEqual(await inboxOf('handler.D350102-JY'), []);
  // The district is above its departments: it sees their tasks.
  await w.createUser('unitleader.350102', 'unit_leader', '350102');
  assert.equal((await inboxOf('unitleader.350102')).length, 3);
  const statsOf = async (u: string) => (expectOk(await (await w.as(u))('GET', `/api/v1/whistle/stats?month=${month}`)).items as { unitId: number }[]).map((i) => i.unitId).sort();
  // The centre's roles see every summoned unit (the demo whistle's 区住建局 too).
  const everyone = [...new Set([DEPT, OTHER_DEPT, 'D350102-ZJ'].map((c) => w.units.id(c)))].sort();
  assert.deepEqual(await statsOf('supervisor'), everyone);
  assert.deepEqual(await statsOf('leader'), everyone);
  assert.deepEqual(await statsOf(DEPT_USER.handler), [w.units.id(DEPT)]);
  assert.deepEqual(await statsOf('handler.E3501-WATER'), []);
  expectProblem(await w.t.app.inject({ method: 'GET', url: `/api/v1/whistle/stats?month=${month}` }), 401, 'not_authenticated');
  expectProblem(await w.t.app.inject({ method: 'GET', url: '/api/v1/whistle/inbox' }), 401, 'not_authenticated');
});
