// 物业 property companies: a unit type of their own attached to the communities they serve; an order about a
// compound is dispatched to the street or community together with its property company (双派), which handles it
// as a co-handler, and both are assessed on the same handling (双考) — live facts equal a rebuild.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, expectProblem, OTHER_STREET, STREET, World, type Order } from './_support';
import { fingerprinter } from '../proof/_support';

const PROPERTY = `P${STREET}-01`; // serves the first two communities of STREET
const OTHER_PROPERTY = `P${OTHER_STREET}-01`;
const PH = `handler.${PROPERTY}`;

let w: World;
before(async () => {
  w = await World.open({ start: '2026-06-01T09:00:00+08:00' }); // Mon
});
after(() => w?.close());

const factsOf = async (id: number) =>
  (await w.t.s.db.query<{ stint: number; unit_id: number; of_stint: number | null; ended: string | null; month: string | null; evaluation: string | null; satisfaction: string | null; first_contact_at: Date | null }>(
    'select stint, unit_id, of_stint, ended, month, evaluation, satisfaction, first_contact_at from assessment_facts where order_id = $1 order by stint', [id])).rows;

test('the unit tree lists property companies with the communities they serve', async () => {
  const units = expectOk(await (await w.as('dispatcher'))('GET', '/api/v1/units')).items as { id: number; code: string; type: string; parentId: number; serves?: number[] }[];
  const p = units.find((u) => u.code === PROPERTY)!;
  assert.equal(p.type, 'property');
  assert.equal(p.parentId, w.units.id(STREET));
  assert.equal(p.serves!.length, 2);
  for (const c of p.serves!) assert.equal(units.find((u) => u.id === c)!.parentId, w.units.id(STREET));
  assert.equal(units.find((u) => u.code === STREET)!.serves, undefined, 'only property companies carry serves');
});

test('双派: dispatched with the street, the property company sees, contacts and co-handles; only the main unit replies', async () => {
  let o = await w.create({ title: '小区电梯频繁故障', address: '鼓楼区东街某小区' });
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), propertyUnitId: w.units.id(PROPERTY), tier: 3 });
  const active = o.assignments.filter((a: { active: boolean }) => a.active).map((a: { unitId: number; role: string }) => [a.unitId, a.role]);
  assert.deepEqual(active, [[w.units.id(STREET), 'main'], [w.units.id(PROPERTY), 'co']]);
  assert.equal((await w.events(o.id)).find((e) => e.type === 'dispatched')!.payload.propertyUnitId, w.units.id(PROPERTY));
  const seen = await w.get(o.id, PH);
  assert.ok(!seen.allowedActions.includes('sign') && !seen.allowedActions.includes('reply'), 'signing and replying stay with the main unit');
  o = await w.do(`handler.${STREET}`, o, 'sign');
  assert.ok((await w.get(o.id, PH)).allowedActions.includes('contact'));
  o = await w.do(PH, o, 'contact', { note: '物业已上门查看电梯' });
  expectProblem(await w.act(PH, o, 'reply', w.body('reply')), 403, 'forbidden');
  expectProblem(await (await w.as(`handler.${OTHER_PROPERTY}`))('GET', `/api/v1/orders/${o.id}`), 404, 'order_not_found');
});

test('a property company that does not serve the main unit, or a unit that is not one: 422 and nothing changes', async () => {
  const fp = await fingerprinter(w.t.s.db);
  const o = await w.create();
  const before = await fp();
  expectProblem(await w.act('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), propertyUnitId: w.units.id(OTHER_PROPERTY), tier: 3 }), 422, 'property_not_serving');
  expectProblem(await w.act('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), propertyUnitId: w.units.id(OTHER_STREET), tier: 3 }), 422, 'unit_not_assignable');
  expectProblem(await w.act('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(PROPERTY), tier: 3 }), 422, 'unit_not_assignable');
  expectProblem(await w.act('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), coUnitIds: [w.units.id(PROPERTY)], tier: 3 }), 422, 'unit_not_assignable');
  assert.equal(await fp(), before);
  // A community served by the property company may be the main unit too.
  const units = expectOk(await (await w.as('admin'))('GET', '/api/v1/units')).items as { id: number; code: string; serves?: number[] }[];
  const community = units.find((u) => u.code === PROPERTY)!.serves![0];
  const d = await w.do('dispatcher', o, 'dispatch', { mainUnitId: community, propertyUnitId: w.units.id(PROPERTY), tier: 3 });
  assert.equal(d.status, 'dispatched');
});

test('双考: both units are assessed on the same handling, ranked in their own type; facts equal a rebuild', async () => {
  w.t.clock.set('2026-06-02T09:00:00+08:00');
  const H = `handler.${STREET}`;
  let o = await w.create({ title: '小区垃圾清运不及时' });
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), propertyUnitId: w.units.id(PROPERTY), tier: 3 });
  o = await w.do(H, o, 'sign');
  o = await w.do(PH, o, 'contact', { note: '物业已联系' });
  o = await w.do(H, o, 'reply', w.body('reply'));
  o = await w.do('callback', o, 'callback', { outcome: 'done', contacted: true, resolution: 'resolved', satisfaction: 'basically' });
  const facts = await factsOf(o.id);
  assert.deepEqual(facts.map((f) => [f.stint, f.unit_id, f.of_stint, f.ended, f.month, f.evaluation, f.satisfaction]), [
    [1, w.units.id(STREET), null, 'handled', '2026-06', 'evaluated', 'basically'],
    [2, w.units.id(PROPERTY), 1, 'handled', '2026-06', 'evaluated', 'basically'],
  ]);
  assert.ok(facts.every((f) => f.first_contact_at !== null), 'the property company\'s contact counts for both');

  // A return re-dispatched without the property company ends both stints (neither is assessed for it).
  let r = await w.create();
  r = await w.do('dispatcher', r, 'dispatch', { mainUnitId: w.units.id(STREET), propertyUnitId: w.units.id(PROPERTY), tier: 3 });
  r = await w.do(H, r, 'return', { reason: '非本街道' });
  r = await w.do('dispatcher', r, 'return/approve', { mainUnitId: w.units.id(OTHER_STREET) });
  assert.deepEqual((await factsOf(r.id)).map((f) => [f.unit_id, f.ended]), [[w.units.id(STREET), 'returned'], [w.units.id(PROPERTY), 'returned'], [w.units.id(OTHER_STREET), null]]);

  const ranking = expectOk(await (await w.as('supervisor'))('GET', '/api/v1/assessment/rankings?month=2026-06&unitType=property'));
  const row = (ranking.items as { unitId: number; assessed?: number }[]).find((x) => x.unitId === w.units.id(PROPERTY));
  assert.ok(row, `the property company is ranked among property companies: ${JSON.stringify(ranking).slice(0, 300)}`);
  const card = expectOk(await (await w.as('supervisor'))('GET', `/api/v1/assessment/units/${w.units.id(PROPERTY)}?month=2026-06`));
  assert.ok(JSON.stringify(card).includes(o.number), 'the scorecard lists the order');

  const { rows: live } = await w.t.s.db.query('select * from assessment_facts order by order_id, stint');
  await w.t.s.assessment.rebuild(null);
  const { rows: rebuilt } = await w.t.s.db.query('select * from assessment_facts order by order_id, stint');
  assert.deepEqual(rebuilt, live, 'a rebuild from the event log gives the same facts');
});

export type { Order };
