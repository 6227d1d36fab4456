// Whistle statistics by hand and the whistle score reaching the departments' assessment: the month in city
// time, cancelled whistles left out, who sees which units, the composite unchanged until the month's whistle
// weight (ww) is set, and the score frozen by publishing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cst, DEPT, DEPT_USER, expectOk, expectProblem, OTHER_DEPT, STREET, USER_OF_ROLE, World, type Order } from '../core/_support';
import { runFlow } from '../assessment/_flows';

const JUNE = '2026-06';
const H = USER_OF_ROLE.handler;
const D2 = `handler.${OTHER_DEPT}`;
let w: World;

async function whistled(at: string, tier = 1): Promise<Order> {
  w.t.clock.set(cst(at));
  const o = await w.reach('accepted', { tier, sub: false });
  return w.do(H, o, 'whistle', { departmentIds: [w.units.id(DEPT), w.units.id(OTHER_DEPT)], reason: '联合处置' });
}
const rate = (o: Order, a: string, b: string) =>
  w.do(H, o, 'whistle/rate', { ratings: [{ unitId: w.units.id(DEPT), score: a }, { unitId: w.units.id(OTHER_DEPT), score: b }] });

before(async () => {
  // The demo seed blows its whistle three hours before the start: 23:00 on 31 May, city time — a May whistle.
  w = await World.open({ start: '2026-06-01T02:00:00+08:00' });
  w.t.clock.set(cst('2026-06-01T09:00:00'));
  // DEPT also handles an order as main unit: contacted in time, resolved, satisfied → three-rate composite 1.
  await runFlow(w, { unit: DEPT, end: { resolution: 'resolved', satisfaction: 'satisfied' } });
  // W1: DEPT on time, OTHER_DEPT late (09:45 > 09:30); rated satisfied / basically.
  let o = await whistled('2026-06-02T09:00:00');
  o = await w.do(DEPT_USER.handler, o, 'whistle/report', w.body('whistle/report'));
  w.t.clock.set(cst('2026-06-02T09:45:00'));
  o = await w.do(D2, o, 'whistle/report', w.body('whistle/report'));
  await rate(o, 'satisfied', 'basically');
  // W2: DEPT on time, OTHER_DEPT never reports (missing at rating); rated basically / unsatisfied.
  o = await whistled('2026-06-03T09:00:00');
  o = await w.do(DEPT_USER.handler, o, 'whistle/report', w.body('whistle/report'));
  w.t.clock.set(cst('2026-06-03T10:00:00'));
  await rate(o, 'basically', 'unsatisfied');
  // W3: cancelled with the order's return — not counted.
  o = await whistled('2026-06-04T09:00:00');
  o = await w.do(H, o, 'return', w.body('return'));
  await w.do('dispatcher', o, 'return/approve', {});
  // W4: blown at 00:10 on 1 July in Beijing (still 30 June in UTC): a July whistle.
  o = await whistled('2026-07-01T00:10:00');
  await w.do(DEPT_USER.handler, o, 'whistle/report', w.body('whistle/report'));
});
after(() => w?.close());

const stats = async (user: string, month = JUNE) => expectOk(await (await w.as(user))('GET', `/api/v1/whistle/stats?month=${month}`)) as unknown as { items: Record<string, any>[] };
const near = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

test('the month\'s statistics per summoned unit, by hand', async () => {
  const s = await stats('supervisor');
  const byUnit = new Map(s.items.map((i) => [i.unitId, i]));
  assert.equal(s.items.length, 2);
  const { score: sa, ...a } = byUnit.get(w.units.id(DEPT))!;
  assert.deepEqual(a, { unitId: w.units.id(DEPT), unitName: '鼓楼区城市管理局', summoned: 2, onTime: 2, late: 0, missing: 0, satisfied: 1, basically: 1, unsatisfied: 0 });
  near(sa, 100 * (0.5 * 1 + 0.5 * 0.75));
  const { score: sb, ...b } = byUnit.get(w.units.id(OTHER_DEPT))!;
  assert.deepEqual(b, { unitId: w.units.id(OTHER_DEPT), unitName: '鼓楼区市场监督管理局', summoned: 2, onTime: 0, late: 1, missing: 1, satisfied: 0, basically: 1, unsatisfied: 1 });
  near(sb, 100 * (0.5 * (0.5 / 2) + 0.5 * (0.5 / 2)));
  // July holds the whistle blown just after midnight city time, still open (nothing rated): judged on the report alone.
  const july = (await stats('supervisor', '2026-07')).items.find((i) => i.unitId === w.units.id(DEPT))!;
  assert.equal(july.summoned, 1);
  assert.equal(july.onTime, 1);
  near(july.score, 100);
});

test('a unit sees its own statistics only; a bad month is a 400', async () => {
  const own = await stats(DEPT_USER.handler);
  assert.deepEqual(own.items.map((i) => i.unitId), [w.units.id(DEPT)]);
  assert.deepEqual((await stats(H)).items, []);
  expectProblem(await (await w.as('supervisor'))('GET', '/api/v1/whistle/stats?month=2026-13'), 400, 'validation_failed');
});

test('the whistle score reaches the department ranking; the composite changes only once the month\'s ww is set; publishing freezes it', async () => {
  const sup = await w.as('supervisor');
  const ranking = async (type = 'department') => expectOk(await sup('GET', `/api/v1/assessment/rankings?month=${JUNE}&unitType=${type}`)) as Record<string, any>;
  const item = (r: Record<string, any>, code: string) => r.items.find((i: { unitId: number }) => i.unitId === w.units.id(code));
  let r = await ranking();
  assert.equal(r.weights.ww, undefined);
  near(item(r, DEPT).whistleScore, 0.875);
  near(item(r, DEPT).composite, 1);
  near(item(r, OTHER_DEPT).whistleScore, 0.25);
  assert.equal(item(r, OTHER_DEPT).composite, null, 'no assessed order and no whistle weight: unranked');
  assert.equal(item(r, OTHER_DEPT).rank, null);
  assert.ok(!('whistleScore' in item(await ranking('street'), STREET)), 'streets are not scored on whistles');

  expectOk(await sup('PUT', `/api/v1/assessment/months/${JUNE}/weights`, { a: 0.1, b: 0.45, c: 0.45, wp: 0.5, wb: 0.5, ww: 0.2 }));
  r = await ranking();
  assert.equal(r.weights.ww, 0.2);
  near(item(r, DEPT).composite, 0.8 * 1 + 0.2 * 0.875);
  near(item(r, OTHER_DEPT).composite, 0.25);
  assert.equal(item(r, DEPT).rank, 1);
  assert.ok(item(r, OTHER_DEPT).rank > 1);
  const card = expectOk(await sup('GET', `/api/v1/assessment/units/${w.units.id(DEPT)}?month=${JUNE}`));
  near(card.current.whistleScore, 0.875);

  expectOk(await sup('POST', `/api/v1/assessment/months/${JUNE}/publish`), 200);
  const frozen = await ranking();
  assert.equal(frozen.published, true);
  // A late change to a June whistle (a new one blown in June) moves the live figures, not the published ones.
  const o = await whistled('2026-06-30T09:00:00');
  w.t.clock.set(cst('2026-06-30T10:00:00'));
  await rate(o, 'unsatisfied', 'unsatisfied');
  assert.deepEqual((await ranking()).items, frozen.items);
  assert.notEqual((await stats('supervisor')).items.find((i) => i.unitId === w.units.id(DEPT))!.summoned, 2);
});
