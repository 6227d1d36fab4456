// Grid management 网格化 (first part): the daily patrol log and grid statistics over grid workers' patrol reports
// (orders of channel `grid`), by day and month in city time, each user seeing the grid workers of its subtree.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMUNITY, CONSOLE_PNG, cst, expectOk, expectProblem, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from './_support';

const G = USER_OF_ROLE.grid_worker;
const G2 = 'grid.other';
let w: World;
const ids: Record<string, Order> = {};

const report = (title: string, by = G) =>
  w.create({ channel: 'grid', type: 'other', title, description: '巡查发现', address: '鼓楼区东街', location: { lat: 26.08, lng: 119.3 }, requester: { name: '网格员' } }, by);

before(async () => {
  w = await World.open();
  await w.createUser(G2, 'grid_worker', `${OTHER_STREET}001`);
  await w.createUser(`handler.${COMMUNITY}`, 'handler', COMMUNITY);
  w.t.clock.set(cst('2026-03-02T23:30:00'));
  ids.late = await report('井盖缺失');
  const up = await (await w.as(G))('POST', `/api/v1/orders/${ids.late.id}/attachments?filename=well.png`, CONSOLE_PNG, { 'content-type': 'image/png' });
  assert.equal(up.statusCode, 201, up.body);
  ids.other = await report('路灯不亮', G2);
  // 00:30 on 3 March in the city is still 2 March in UTC: it belongs to the 3rd.
  w.t.clock.set(cst('2026-03-03T00:30:00'));
  ids.next = await report('垃圾堆放');
  ids.byOperator = await w.create({ channel: 'grid', title: '话务员代录的网格件' });
});
after(() => w?.close());

const logOf = async (user: string, date: string) => (expectOk(await (await w.as(user))('GET', `/api/v1/grid/log?date=${date}`)) as unknown as { items: Record<string, any>[] }).items;
const statsOf = async (user: string) => (expectOk(await (await w.as(user))('GET', '/api/v1/grid/stats?month=2026-03')) as unknown as { items: Record<string, any>[] }).items;

test('the day\'s patrol log in city time: own reports for a grid worker, the subtree for units, all for the centre', async () => {
  const mine = await logOf(G, '2026-03-02');
  assert.deepEqual(mine.map((i) => i.orderId), [ids.late.id]);
  assert.equal(mine[0].photos, 1);
  assert.deepEqual(mine[0].location, { lat: 26.08, lng: 119.3 });
  assert.equal(mine[0].unitId, w.units.id(COMMUNITY));
  // The jurisdiction of a patrol report is the street of the worker's grid, whatever the address says.
  assert.equal((await w.get(ids.late.id)).jurisdictionUnitId, w.units.id(STREET));
  assert.equal((await w.get(ids.other.id)).jurisdictionUnitId, w.units.id(OTHER_STREET));
  assert.deepEqual((await logOf(G, '2026-03-03')).map((i) => i.orderId), [ids.next.id]);
  assert.deepEqual((await logOf(G2, '2026-03-02')).map((i) => i.orderId), [ids.other.id]);
  assert.deepEqual((await logOf(`handler.${COMMUNITY}`, '2026-03-02')).map((i) => i.orderId), [ids.late.id]);
  assert.deepEqual((await logOf(USER_OF_ROLE.handler, '2026-03-02')).map((i) => i.orderId), [ids.late.id]);
  assert.deepEqual((await logOf(`handler.${OTHER_STREET}`, '2026-03-02')).map((i) => i.orderId), [ids.other.id]);
  const all = (await logOf('supervisor', '2026-03-02')).map((i) => i.orderId).sort();
  assert.deepEqual(all, [ids.late.id, ids.other.id].sort(), 'an operator-registered grid-channel order is not a patrol report');
  expectProblem(await (await w.as(G))('GET', '/api/v1/grid/log?date=2026-02-30'), 400, 'invalid_date');
  expectProblem(await (await w.as(G))('GET', '/api/v1/grid/log?date=yesterday'), 400, 'validation_failed');
});

test('monthly grid statistics: reports, finished, open, dispatched, with a photo, workers', async () => {
  let o = await w.do('dispatcher', ids.next, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3, categoryId: w.leafId });
  assert.equal(o.status, 'dispatched');
  o = await w.do('operator', ids.late, 'answer', { answer: '已现场处置' });
  const s = await statsOf('supervisor');
  const community = s.find((i) => i.unitId === w.units.id(COMMUNITY))!;
  assert.deepEqual(community, { unitId: w.units.id(COMMUNITY), unitName: community.unitName, unitType: 'community', reports: 2, done: 1, open: 1, dispatched: 1, withPhoto: 1, workers: 1 });
  assert.equal(s.find((i) => i.unitId === w.units.id(`${OTHER_STREET}001`))!.reports, 1);
  assert.deepEqual((await statsOf(G)).map((i) => i.unitId), [w.units.id(COMMUNITY)]);
  assert.deepEqual((await statsOf(`handler.${OTHER_STREET}`)).map((i) => i.unitId), [w.units.id(`${OTHER_STREET}001`)]);
  assert.deepEqual(await statsOf('handler.D350102-CG'), []);
  expectProblem(await (await w.as(G))('GET', '/api/v1/grid/stats?month=2026-3'), 400, 'validation_failed');
});
