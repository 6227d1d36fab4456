// What follows a ranking, over real order histories with hand-computed figures: the callback's 态度 rating
// beside satisfaction (not in the composite), 关键小事 rankings over their categories only, 部门+行业 joint
// scoring of a regulator with its companies, and the 约谈 list, records and follow-ups — with the scope of
// every route.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, expectProblem, World, type Order } from '../core/_support';
import { at, finish, handlerOf, OTHER_STREET, STREET, THIRD_STREET, type Flow } from './_flows';

const JUNE = '2026-06';
const WATER = 'E3501-WATER';
const GAS = 'E3501-GAS';
const CGW = 'D3501-CGW';
let w: World;
const cat: Record<string, number> = {};

type End = Flow['end'] | { resolution: string; satisfaction: string; attitude: string };
async function flow(unit: string, categoryId: number | null, end: End, late = false): Promise<Order> {
  let o = await w.create();
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(unit), tier: 3, categoryId });
  return finish(w, o, handlerOf(unit), { unit, late, end: end as Flow['end'] });
}

before(async () => {
  w = await World.open({ start: '2026-05-04T09:00:00+08:00' });
  const { rows } = await w.t.s.db.query<{ id: number; name: string; parent: number }>(`select id, name, parent_id as parent from catalog_categories where level = 3`);
  for (const r of rows) cat[r.name] = r.id;
  cat['住房保障与房地产'] = rows.find((r) => r.name === '物业服务')!.parent;
  w.t.clock.set(at('2026-06-01T09:00:00'));
  // STREET: 物业服务 ×2 (one late), 路灯 (城市公共设施) ×1; attitude on two of them.
  await flow(STREET, cat['物业服务'], { resolution: 'resolved', satisfaction: 'satisfied', attitude: 'satisfied' });
  await flow(STREET, cat['物业服务'], { resolution: 'partly', satisfaction: 'basically', attitude: 'basically' }, true);
  await flow(STREET, cat['城市公共设施'], { resolution: 'resolved', satisfaction: 'satisfied' });
  // OTHER_STREET: 物业服务 unresolved; THIRD_STREET: only 城市公共设施.
  await flow(OTHER_STREET, cat['物业服务'], { resolution: 'unresolved', satisfaction: 'unsatisfied', attitude: 'unsatisfied' });
  await flow(THIRD_STREET, cat['城市公共设施'], { resolution: 'resolved', satisfaction: 'satisfied' });
  // The regulator and its two companies.
  await flow(CGW, null, { resolution: 'resolved', satisfaction: 'satisfied' });
  await flow(WATER, cat['自来水供应'], { resolution: 'unresolved', satisfaction: 'unsatisfied' });
  await flow(GAS, cat['燃气供应'], { resolution: 'resolved', satisfaction: 'basically' }, true);
  w.t.clock.set(at('2026-07-01T09:00:00'));
});
after(() => w?.close());

const near = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-9, `${a} ≈ ${b}`);

test('态度: the callback rates the attitude; reported beside satisfaction, not part of the composite', async () => {
  const sup = await w.as('supervisor');
  const r = expectOk(await sup('GET', `/api/v1/assessment/rankings?month=${JUNE}&unitType=street`)) as Record<string, any>;
  const s = r.items.find((i: { unitId: number }) => i.unitId === w.units.id(STREET));
  assert.deepEqual([s.attitudeRated, s.attitudeSatisfied, s.attitudeBasically], [2, 1, 1]);
  near(s.attitudeRate, (1 + 0.5 * 1) / 2);
  // composite = 0.1·(2/3) + 0.45·((2 + 0.5)/3) + 0.45·((2 + 0.5)/3): the attitude changes nothing.
  near(s.composite, 0.1 * (2 / 3) + 0.45 * (2.5 / 3) + 0.45 * (2.5 / 3));
  const third = r.items.find((i: { unitId: number }) => i.unitId === w.units.id(THIRD_STREET));
  assert.equal(third.attitudeRate, null, 'no rated attitude: no rate');
  // The order page shows the attitude with the callback.
  const { rows } = await w.t.s.db.query<{ id: number }>(`select order_id as id from order_callbacks where attitude = 'basically'`);
  const o = await w.get(rows[0].id, 'supervisor');
  assert.equal(o.callbacks.at(-1).attitude, 'basically');
});

test('关键小事: a key matter ranks the units on its categories only; a level-2 category covers its leaves', async () => {
  const sup = await w.as('supervisor');
  const m = expectOk(await sup('POST', '/api/v1/assessment/key-matters', { name: '物业管理（测试）', categoryIds: [cat['住房保障与房地产']] }), 201);
  expectProblem(await sup('POST', '/api/v1/assessment/key-matters', { name: '物业管理（测试）', categoryIds: [cat['物业服务']] }), 409, 'conflict');
  expectProblem(await sup('POST', '/api/v1/assessment/key-matters', { name: '不存在', categoryIds: [999999] }), 404, 'category_not_found');
  const r = expectOk(await sup('GET', `/api/v1/assessment/key-matters/${m.id}/rankings?month=${JUNE}&unitType=street`)) as Record<string, any>;
  const item = (code: string) => r.items.find((i: { unitId: number }) => i.unitId === w.units.id(code));
  assert.equal(item(STREET).assessed, 2, 'the street-lamp order is not a 物业 matter');
  near(item(STREET).composite, 0.1 * (1 / 2) + 0.45 * (1.5 / 2) + 0.45 * (1.5 / 2));
  assert.equal(item(STREET).rank, 1);
  assert.equal(item(OTHER_STREET).rank, 2);
  assert.equal(item(THIRD_STREET).rank, null, 'no 物业 order: listed, not ranked');
  // Retired: the centre still sees it; a unit no longer does.
  expectOk(await sup('PUT', `/api/v1/assessment/key-matters/${m.id}`, { name: '物业管理（测试）', categoryIds: [cat['住房保障与房地产']], active: false }));
  assert.ok((expectOk(await sup('GET', '/api/v1/assessment/key-matters')) as Record<string, any>).items.some((k: { id: number }) => k.id === m.id));
  const unit = await w.as(handlerOf(STREET));
  assert.ok(!(expectOk(await unit('GET', '/api/v1/assessment/key-matters')) as Record<string, any>).items.some((k: { id: number }) => k.id === m.id));
  expectProblem(await unit('POST', '/api/v1/assessment/key-matters', { name: '单位不可设', categoryIds: [cat['物业服务']] }), 403, 'forbidden');
});

test('部门+行业: a regulator is scored with the companies it regulates, their counts pooled', async () => {
  const sup = await w.as('supervisor');
  expectProblem(await sup('PUT', `/api/v1/assessment/units/${w.units.id(CGW)}/regulator`, { regulatorId: w.units.id(CGW) }), 400, 'validation_failed');
  expectProblem(await sup('PUT', `/api/v1/assessment/units/${w.units.id(WATER)}/regulator`, { regulatorId: w.units.id(STREET) }), 400, 'validation_failed');
  expectProblem(await sup('PUT', `/api/v1/assessment/units/999999/regulator`, { regulatorId: null }), 404, 'unit_not_found');
  // Only WATER and GAS under CGW for this test (the demo's other links are cleared).
  await w.t.s.db.query('update units set regulator_id = null');
  for (const c of [WATER, GAS]) expectOk(await sup('PUT', `/api/v1/assessment/units/${w.units.id(c)}/regulator`, { regulatorId: w.units.id(CGW) }));
  const j = expectOk(await sup('GET', `/api/v1/assessment/joint?month=${JUNE}`)) as Record<string, any>;
  assert.equal(j.items.length, 1);
  const d = j.items[0];
  assert.equal(d.unitId, w.units.id(CGW));
  assert.equal(d.companies.length, 2);
  near(d.own.composite, 1);
  // Industry: WATER (on time, unresolved, unsatisfied) + GAS (late, resolved, basically).
  near(d.industry.composite, 0.1 * (1 / 2) + 0.45 * (1 / 2) + 0.45 * (0.5 / 2));
  // Joint: all three pooled.
  near(d.composite, 0.1 * (2 / 3) + 0.45 * (2 / 3) + 0.45 * (1.5 / 3));
  assert.equal(d.rank, 1);
  const unit = await w.as(handlerOf(CGW));
  expectProblem(await unit('GET', `/api/v1/assessment/joint?month=${JUNE}`), 403, 'forbidden');
  expectProblem(await unit('PUT', `/api/v1/assessment/units/${w.units.id(WATER)}/regulator`, { regulatorId: null }), 403, 'forbidden');
});

test('约谈: the last-ranked units are listed; an interview is recorded once and followed up to the end', async () => {
  const sup = await w.as('supervisor');
  const list = expectOk(await sup('GET', `/api/v1/assessment/months/${JUNE}/interviews`)) as Record<string, any>;
  const last = list.candidates.find((c: { unitType: string }) => c.unitType === 'street');
  assert.equal(last.unitId, w.units.id(OTHER_STREET), JSON.stringify(list.candidates));
  assert.deepEqual(last.reasons, ['last_ranked']);
  const body = { unitId: last.unitId, reason: 'last_ranked', heldOn: '2026-07-03', interviewer: '区接诉即办专班', attendees: '街道主任', commitments: '一周内逐件回访未解决诉求', followUpDue: '2026-07-10' };
  expectProblem(await sup('POST', `/api/v1/assessment/months/${JUNE}/interviews`, { ...body, followUpDue: '2026-07-01' }), 400, 'validation_failed');
  const rec = expectOk(await sup('POST', `/api/v1/assessment/months/${JUNE}/interviews`, body), 201);
  assert.equal(rec.status, 'open');
  expectProblem(await sup('POST', `/api/v1/assessment/months/${JUNE}/interviews`, body), 409, 'conflict');
  expectProblem(await sup('POST', `/api/v1/assessment/months/${JUNE}/interviews`, { ...body, unitId: w.units.id('350102004001') }), 422, 'unit_not_assessed');
  const f1 = expectOk(await sup('POST', `/api/v1/assessment/interviews/${rec.id}/follow-ups`, { note: '已回访 3 件', done: false }));
  assert.equal(f1.status, 'open');
  const f2 = expectOk(await sup('POST', `/api/v1/assessment/interviews/${rec.id}/follow-ups`, { note: '全部回访完毕', done: true }));
  assert.equal(f2.status, 'done');
  assert.deepEqual(f2.followUps.map((f: { note: string }) => f.note), ['已回访 3 件', '全部回访完毕']);
  expectProblem(await sup('POST', `/api/v1/assessment/interviews/${rec.id}/follow-ups`, { note: '再补充', done: false }), 409, 'invalid_transition');
  expectProblem(await sup('POST', `/api/v1/assessment/interviews/999999/follow-ups`, { note: 'x', done: false }), 404, 'not_found');
  const { rows } = await w.t.s.db.query<{ action: string }>(`select action from audit_log where action like 'assessment_interview%' order by id`);
  assert.deepEqual(rows.map((r) => r.action), ['assessment_interview_recorded', 'assessment_interview_followed_up', 'assessment_interview_followed_up']);
  // The unit sees its own records, not another unit's; it cannot record or list.
  const own = await w.as(handlerOf(OTHER_STREET));
  assert.equal((expectOk(await own('GET', `/api/v1/assessment/units/${w.units.id(OTHER_STREET)}/interviews`)) as Record<string, any>).items.length, 1);
  expectProblem(await own('GET', `/api/v1/assessment/units/${w.units.id(STREET)}/interviews`), 404, 'unit_not_found');
  expectProblem(await own('GET', `/api/v1/assessment/months/${JUNE}/interviews`), 403, 'forbidden');
  expectProblem(await own('POST', `/api/v1/assessment/months/${JUNE}/interviews`, { ...body, unitId: w.units.id(STREET) }), 403, 'forbidden');
  const leader = await w.as('leader');
  expectOk(await leader('GET', `/api/v1/assessment/months/${JUNE}/interviews`));
  expectProblem(await leader('POST', `/api/v1/assessment/interviews/${rec.id}/follow-ups`, { note: 'x', done: false }), 403, 'forbidden');
});

test('key-matter rankings: a unit sees its own type once the month is published, frozen from then on', async () => {
  const sup = await w.as('supervisor');
  const m = expectOk(await sup('POST', '/api/v1/assessment/key-matters', { name: '物业服务（发布）', categoryIds: [cat['物业服务']] }), 201);
  const unit = await w.as(handlerOf(STREET));
  const url = (type: string) => `/api/v1/assessment/key-matters/${m.id}/rankings?month=${JUNE}&unitType=${type}`;
  expectProblem(await unit('GET', url('street')), 404, 'not_found');
  expectProblem(await unit('GET', url('department')), 403, 'forbidden');
  expectOk(await sup('POST', `/api/v1/assessment/months/${JUNE}/publish`));
  const before = expectOk(await unit('GET', url('street'))) as Record<string, any>;
  assert.equal(before.published, true);
  const mine = before.items.find((i: { unitId: number }) => i.unitId === w.units.id(STREET));
  assert.equal(mine.assessed, 2);
  // A later change to a June fact does not move the published figures.
  await w.t.s.db.query(`update assessment_facts set category_id = null where month = $1`, [JUNE]);
  assert.deepEqual(expectOk(await unit('GET', url('street'))), before);
  expectProblem(await unit('GET', `/api/v1/assessment/key-matters/999999/rankings?month=${JUNE}&unitType=street`), 404, 'not_found');
});
