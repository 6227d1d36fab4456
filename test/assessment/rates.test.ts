// Hand-computed rates and rankings over real order histories: exclusions for unreachable/refused,
// exemptions, partial weights, a re-dispatched and a reopened order, ties, categories, the month in city time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, World } from '../core/_support';
import { at, endOrder, finish, handlerOf, OTHER_STREET, runFlow, STREET, THIRD_STREET } from './_flows';

const JUNE = '2026-06';
const FOURTH = '350102001';
let w: World;
const ids: Record<string, number> = {};

before(async () => {
  w = await World.open({ start: '2026-05-04T09:00:00+08:00' });
  w.t.clock.set(at('2026-06-01T09:00:00'));
  // STREET: 6 orders, one exempted.
  ids.good = (await runFlow(w, { unit: STREET, end: { resolution: 'resolved', satisfaction: 'satisfied' } })).id;
  ids.partly = (await runFlow(w, { unit: STREET, end: { resolution: 'partly', satisfaction: 'basically' } })).id;
  ids.late = (await runFlow(w, { unit: STREET, late: true, end: { resolution: 'unresolved', satisfaction: 'unsatisfied' } })).id;
  ids.refused = (await runFlow(w, { unit: STREET, end: 'refused' })).id;
  ids.unreachable = (await runFlow(w, { unit: STREET, end: 'unreachable' })).id;
  let ex = await runFlow(w, { unit: STREET, late: true, end: { resolution: 'unresolved', satisfaction: 'unsatisfied' } });
  ex = await w.do(handlerOf(STREET), ex, 'exemption', { reason: 'unreasonable', note: '要求不合理' });
  ex = await w.do('supervisor', ex, 'exemption/approve', { note: '同意' });
  ids.exempted = ex.id;
  // Returned by STREET, re-dispatched to OTHER_STREET: a new clock for the new unit.
  let r = await w.create();
  r = await w.do('dispatcher', r, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3 });
  r = await w.do(handlerOf(STREET), r, 'return', { reason: '不属于本街道' });
  r = await w.do('dispatcher', r, 'return/approve', { mainUnitId: w.units.id(OTHER_STREET), tier: 3 });
  ids.redispatched = (await finish(w, r, handlerOf(OTHER_STREET), { unit: OTHER_STREET, end: { resolution: 'resolved', satisfaction: 'satisfied' } })).id;
  // Reopened with the same unit: the last evaluation counts.
  let ro = await runFlow(w, { unit: OTHER_STREET, end: 'close' });
  ro = await w.create();
  ro = await w.do('dispatcher', ro, 'dispatch', { mainUnitId: w.units.id(OTHER_STREET), tier: 3 });
  ro = await w.do(handlerOf(OTHER_STREET), ro, 'sign');
  ro = await w.do(handlerOf(OTHER_STREET), ro, 'contact', w.body('contact'));
  ro = await w.do(handlerOf(OTHER_STREET), ro, 'reply', w.body('reply'));
  ro = await w.do('callback', ro, 'callback', { outcome: 'done', contacted: true, resolution: 'unresolved', satisfaction: 'unsatisfied' });
  ro = await w.do('callback', ro, 'reopen', { reason: '未解决' });
  ro = await w.do(handlerOf(OTHER_STREET), ro, 'reply', w.body('reply'));
  ids.reopened = (await endOrder(w, ro, { resolution: 'resolved', satisfaction: 'satisfied' })).id;
  ids.third = (await runFlow(w, { unit: THIRD_STREET, end: { resolution: 'resolved', satisfaction: 'satisfied' } })).id;
  // Its callback is at 00:30 on 1 July in Beijing (30 June in UTC): assessed in July.
  let b = await w.create();
  b = await w.do('dispatcher', b, 'dispatch', { mainUnitId: w.units.id(FOURTH), tier: 3 });
  b = await w.do(handlerOf(FOURTH), b, 'sign');
  b = await w.do(handlerOf(FOURTH), b, 'contact', w.body('contact'));
  b = await w.do(handlerOf(FOURTH), b, 'reply', w.body('reply'));
  w.t.clock.set(at('2026-07-01T00:30:00'));
  await endOrder(w, b, { resolution: 'resolved', satisfaction: 'satisfied' });
});
after(() => w?.close());

async function ranking(month = JUNE) {
  const c = await w.as('supervisor');
  return expectOk(await c('GET', `/api/v1/assessment/rankings?month=${month}&unitType=street`)) as Record<string, any>;
}
const item = (r: Record<string, any>, code: string) => r.items.find((i: { unitId: number }) => i.unitId === w.units.id(code));
const near = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

test('the three rates and the composite by hand (unreachable/refused excluded from evaluation; exemption from everything)', async () => {
  const r = await ranking();
  assert.equal(r.published, false);
  assert.deepEqual(r.weights, { a: 0.1, b: 0.45, c: 0.45, wp: 0.5, wb: 0.5 });
  const a = item(r, STREET);
  assert.equal(a.assessed, 5);
  assert.equal(a.exempted, 1);
  assert.equal(a.evaluated, 3);
  near(a.responseRate, 4 / 5);
  near(a.resolutionRate, 1.5 / 3);
  near(a.satisfactionRate, 1.5 / 3);
  near(a.composite, 0.1 * 0.8 + 0.45 * 0.5 + 0.45 * 0.5);
});

test('a re-dispatched order counts for the new unit only; a reopened one by its last evaluation', async () => {
  const r = await ranking();
  const b = item(r, OTHER_STREET);
  // redispatched + reopened + the order closed without a callback (assessed for response, not evaluated)
  assert.equal(b.assessed, 3);
  assert.equal(b.evaluated, 2);
  near(b.resolutionRate, 1);
  near(b.satisfactionRate, 1);
  near(b.responseRate, 1);
  near(b.composite, 1);
});

test('ties share a rank; categories; a unit without assessed orders is listed but not ranked', async () => {
  const r = await ranking();
  const [a, b, c] = [item(r, STREET), item(r, OTHER_STREET), item(r, THIRD_STREET)];
  assert.equal(b.rank, 1);
  assert.equal(c.rank, 1);
  assert.equal(a.rank, 3);
  assert.equal(b.category, 'advanced');
  assert.equal(c.category, 'advanced');
  assert.equal(a.category, 'rectify');
  const fourth = item(r, FOURTH);
  assert.equal(fourth.rank, null);
  assert.equal(fourth.assessed, 0);
  assert.equal(fourth.responseRate, null);
  assert.equal(fourth.composite, null);
  assert.deepEqual(r.items.slice(0, 3).map((i: { rank: number }) => i.rank), [1, 1, 3]);
});

test('the month is the city month in which handling ended (00:30 on 1 July in Beijing is July)', async () => {
  assert.equal(item(await ranking(), FOURTH).assessed, 0);
  const july = await ranking('2026-07');
  assert.equal(item(july, FOURTH).assessed, 1);
  assert.equal(item(july, FOURTH).rank, 1);
  assert.equal(item(july, STREET).change, null);
});

test('partial weights and composite weights per month', async () => {
  const c = await w.as('supervisor');
  expectOk(await c('PUT', `/api/v1/assessment/months/${JUNE}/weights`, { a: 0.2, b: 0.4, c: 0.4, wp: 1, wb: 0 }));
  const a = item(await ranking(), STREET);
  near(a.resolutionRate, 2 / 3);
  near(a.satisfactionRate, 1 / 3);
  near(a.composite, 0.2 * 0.8 + 0.4 * (2 / 3) + 0.4 * (1 / 3));
  const bad = await c('PUT', `/api/v1/assessment/months/${JUNE}/weights`, { a: 0.5, b: 0.45, c: 0.45, wp: 0.5, wb: 0.5 });
  assert.equal(bad.statusCode, 400);
  expectOk(await c('PUT', `/api/v1/assessment/months/${JUNE}/weights`, { a: 0.1, b: 0.45, c: 0.45, wp: 0.5, wb: 0.5 }));
});

test('the scorecard lists every order behind each lost point, and 12 months of figures', async () => {
  const c = await w.as(handlerOf(STREET));
  const s = expectOk(await c('GET', `/api/v1/assessment/units/${w.units.id(STREET)}?month=${JUNE}`)) as Record<string, any>;
  const idsOf = (xs: { orderId: number }[]) => xs.map((x) => x.orderId).sort((p, q) => p - q);
  assert.deepEqual(idsOf(s.lost.lateContact), [ids.late]);
  assert.deepEqual(idsOf(s.lost.unresolved), [ids.partly, ids.late].sort((p, q) => p - q));
  assert.deepEqual(idsOf(s.lost.unsatisfied), [ids.partly, ids.late].sort((p, q) => p - q));
  assert.deepEqual(idsOf(s.lost.exempted), [ids.exempted]);
  assert.ok(s.lost.lateContact[0].number.length > 0);
  assert.equal(s.trend.length, 12);
  assert.equal(s.trend[11].month, JUNE);
  assert.equal(s.trend[11].assessed, 5);
  assert.equal(s.current.rank, 3);
});
