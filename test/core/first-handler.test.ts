// 首办负责制 (first-handler duty): a unit that asks to return an order keeps it — visible, accountable, its clock
// running — until the centre approves the return and the new owner is set in the same step; an approval that names
// no owner goes to the fallback unit (兜底单位) of the returning unit's district, never back to an empty queue.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runSweep } from '../../src/modules/sla/sweep';
import { expectOk, expectProblem, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from './_support';

const H = USER_OF_ROLE.handler;
const OFFICE = 'D350102-ZFB'; // 鼓楼区人民政府办公室, the demo district's fallback unit
const DISTRICT = '350102';
const CENTRE = 'C12345';
const CITY_DEPT = 'D3501-ZJJ'; // 福州市住房和城乡建设局, a city-level department under the centre

let w: World;
before(async () => {
  w = await World.open({ start: '2026-03-02T09:00:00+08:00' }); // Mon
});
after(() => w?.close());

async function fingerprint(id: number) {
  const { rows } = await w.t.s.db.query(`select o.version, o.status, o.main_unit_id, (select count(*)::int from order_events e where e.order_id = o.id) as events,
    (select count(*)::int from order_assignments a where a.order_id = o.id and a.active) as active from orders o where o.id = $1`, [id]);
  return rows[0];
}

test('while its return waits, the unit still holds the order: it lists it, sees it, may contact, and its clock runs into the sweep', async () => {
  w.t.clock.set('2026-03-02T09:00:00+08:00');
  let o = await w.reach('dispatched', { tier: 1 }); // resolve 11:00
  o = await w.do(H, o, 'sign');
  o = await w.do(H, o, 'return', { reason: '不属于本街道' });
  const listed = expectOk(await (await w.as(H))('GET', '/api/v1/orders?status=return_requested&pageSize=100'));
  assert.ok(listed.items.some((x: Order) => x.id === o.id), 'the returning unit lists its pending return');
  const seen = await w.get(o.id, H);
  assert.equal(seen.mainUnitId, w.units.id(STREET));
  assert.ok(seen.allowedActions.includes('contact'), 'it keeps working the order (积极协调)');
  o = await w.do(H, o, 'contact', { note: '已与诉求人沟通，正协调责任单位' });
  assert.ok(o.firstContactAt);
  w.t.clock.set('2026-03-02T11:30:00+08:00');
  await runSweep(w.t.s.db, w.t.clock);
  const { rows } = await w.t.s.db.query<{ kind: string }>(`select level || ':' || deadline as kind from order_alerts where order_id = $1 order by 1`, [o.id]);
  assert.ok(rows.some((r) => r.kind === 'red:resolve'), `overdue is recorded while the return waits: ${JSON.stringify(rows)}`);
});

test('an approval without a named owner goes to the district fallback unit with a new clock; the event says so', async () => {
  w.t.clock.set('2026-03-03T09:00:00+08:00'); // Tue
  let o = await w.reach('return_requested');
  w.t.clock.set('2026-03-04T10:00:00+08:00'); // Wed
  o = await w.do('dispatcher', o, 'return/approve', { note: '转区兜底单位' });
  assert.equal(o.status, 'dispatched');
  assert.equal(o.mainUnitId, w.units.id(OFFICE));
  assert.equal(o.signedAt, null);
  assert.equal(o.signDueAt, new Date('2026-03-05T23:59:59+08:00').toISOString());
  const approved = (await w.events(o.id)).find((e) => e.type === 'return_approved')!;
  assert.deepEqual(approved.payload, { note: '转区兜底单位', fromUnitId: w.units.id(STREET), toUnitId: w.units.id(OFFICE), fallback: true });
  expectProblem(await (await w.as(H))('GET', `/api/v1/orders/${o.id}`), 404, 'order_not_found');
  o = await w.do(`handler.${OFFICE}`, o, 'sign');
  assert.equal(o.status, 'accepted');
});

test('no owner and no fallback: 422 return_owner_required and nothing changes; the returning unit as new owner: 422', async () => {
  const admin = await w.as('admin');
  const o = await w.reach('return_requested');
  const before = await fingerprint(o.id);
  expectProblem(await w.act('dispatcher', o, 'return/approve', { mainUnitId: w.units.id(STREET) }), 422, 'return_owner_same');
  assert.equal((await admin('DELETE', `/api/v1/return-fallbacks/${w.units.id(DISTRICT)}`)).statusCode, 204);
  try {
    const p = expectProblem(await w.act('dispatcher', o, 'return/approve', {}), 422, 'return_owner_required');
    assert.match(p.detail, /mainUnitId/);
    assert.deepEqual(await fingerprint(o.id), before, 'a refused approval leaves the order with the returning unit');
    assert.equal((await w.get(o.id, H)).status, 'return_requested');
    // Naming the owner still works without a fallback.
    const moved = await w.do('dispatcher', o, 'return/approve', { mainUnitId: w.units.id(OTHER_STREET) });
    assert.equal(moved.mainUnitId, w.units.id(OTHER_STREET));
  } finally {
    expectOk(await admin('PUT', `/api/v1/return-fallbacks/${w.units.id(DISTRICT)}`, { unitId: w.units.id(OFFICE) }));
  }
});

test('the nearest scope wins: a street gets its district\'s fallback, a city-level department the centre\'s', async () => {
  const admin = await w.as('admin');
  const otherOffice = 'D350102-MZ';
  expectOk(await admin('PUT', `/api/v1/return-fallbacks/${w.units.id(CENTRE)}`, { unitId: w.units.id(otherOffice) }));
  try {
    const street = await w.do('dispatcher', await w.reach('return_requested'), 'return/approve', {});
    assert.equal(street.mainUnitId, w.units.id(OFFICE), 'the district setting beats the centre one');
    let city = await w.create();
    city = await w.do('dispatcher', city, 'dispatch', { mainUnitId: w.units.id(CITY_DEPT), tier: 3 });
    city = await w.do(`handler.${CITY_DEPT}`, city, 'return', { reason: '属区级事权' });
    city = await w.do('dispatcher', city, 'return/approve', {});
    assert.equal(city.mainUnitId, w.units.id(otherOffice));
    const list = expectOk(await (await w.as('dispatcher'))('GET', '/api/v1/return-fallbacks')).items as { scopeUnitId: number; unitId: number }[];
    assert.deepEqual(list.map((f) => [f.scopeUnitId, f.unitId]), [[w.units.id(CENTRE), w.units.id(otherOffice)], [w.units.id(DISTRICT), w.units.id(OFFICE)]]);
  } finally {
    assert.equal((await admin('DELETE', `/api/v1/return-fallbacks/${w.units.id(CENTRE)}`)).statusCode, 204);
  }
});

test('fallback settings: admin only, a district or the centre as scope, an assignable other unit as owner', async () => {
  const admin = await w.as('admin');
  const put = (scope: string, body: unknown, c = admin) => c('PUT', `/api/v1/return-fallbacks/${w.units.id(scope)}`, body);
  expectProblem(await put(DISTRICT, { unitId: w.units.id(OTHER_STREET) }, await w.as('dispatcher')), 403, 'forbidden');
  expectProblem(await put(STREET, { unitId: w.units.id(OFFICE) }), 422, 'fallback_scope_invalid');
  expectProblem(await put(DISTRICT, { unitId: w.units.id(DISTRICT) }), 422, 'fallback_scope_invalid');
  expectProblem(await put(DISTRICT, { unitId: w.units.id(`${STREET}001`) }), 422, 'fallback_scope_invalid'); // a community
  expectProblem(await admin('PUT', `/api/v1/return-fallbacks/${w.units.id(DISTRICT)}`, { unitId: 999999 }), 404, 'unit_not_found');
  expectProblem(await admin('PUT', `/api/v1/return-fallbacks/${w.units.id(DISTRICT)}`, { unitId: 'x' }), 400, 'validation_failed');
  expectProblem(await admin('DELETE', `/api/v1/return-fallbacks/${w.units.id(STREET)}`), 404, 'not_found');
  expectProblem(await (await w.as(H))('GET', '/api/v1/return-fallbacks'), 403, 'forbidden');
  const list = expectOk(await admin('GET', '/api/v1/return-fallbacks')).items as { scopeUnitId: number; unitId: number; unitName: string }[];
  assert.deepEqual(list.map((f) => [f.scopeUnitId, f.unitId, f.unitName]), [[w.units.id(DISTRICT), w.units.id(OFFICE), '鼓楼区人民政府办公室']], 'refused changes changed nothing');
  // A handler may not approve; neither may anyone approve an order with no pending return.
  const o = await w.reach('return_requested');
  expectProblem(await w.act(H, o, 'return/approve', {}), 403, 'forbidden');
  expectProblem(await w.act('dispatcher', await w.reach('accepted'), 'return/approve', {}), 409, 'invalid_transition');
});
