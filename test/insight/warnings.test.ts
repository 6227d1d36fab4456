// Early warnings on the database: a spike of a category in a street against its own weekday baseline (rows of
// the rollups generated for eight weeks, with a known spike today), none for a flat pair; a repeat caller shown
// masked, with a unit alert through the outbox; states that only move forward; the scope of units; the
// seasonal calendar from past years.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, expectProblem, World } from '../core/_support';
import { at, handlerOf, OTHER_STREET, STREET } from '../assessment/_flows';
import { addDays } from '../../src/modules/insight/summary';

let w: World;
let leaf = 0;
let leaf2 = 0;
const TODAY = '2026-06-15';

async function rollup(day: string, unitId: number, categoryId: number, n: number) {
  await w.t.s.db.query(
    `insert into insight_daily (day, unit_id, category_id, channel, type, status, n) values ($1,$2,$3,'phone','complaint','closed',$4)
     on conflict (day, unit_id, category_id, channel, type, status) do update set n = insight_daily.n + excluded.n`,
    [day, unitId, categoryId, n],
  );
}

before(async () => {
  w = await World.open({ start: `${TODAY}T15:00:00+08:00` });
  const leaves = (await w.t.s.catalog.list()).items.filter((c) => c.level === 3);
  leaf = leaves[0].id;
  leaf2 = leaves.find((c) => c.parentId !== leaves[0].parentId)!.id;
  // eight weeks of the same weekday: STREET × leaf 2–3 a day, OTHER_STREET × leaf 4 a day; today 14 and 4
  for (let k = 1; k <= 8; k++) {
    await rollup(addDays(TODAY, -7 * k), w.units.id(STREET), leaf, 2 + (k % 2));
    await rollup(addDays(TODAY, -7 * k), w.units.id(OTHER_STREET), leaf, 4);
  }
  await rollup(TODAY, w.units.id(STREET), leaf, 14);
  await rollup(TODAY, w.units.id(OTHER_STREET), leaf, 4);
  // Three past Novembers when leaf2 tripled
  for (const y of [2023, 2024, 2025]) {
    for (let m = 1; m <= 12; m++) await rollup(`${y}-${String(m).padStart(2, '0')}-10`, w.units.id(OTHER_STREET), leaf2, m === 11 ? 30 : 10);
  }
  // one resident calls three times about the same thing, handled by STREET
  w.t.clock.set(at(`${TODAY}T09:00:00`));
  for (let i = 0; i < 3; i++) {
    const o = await w.create({ requester: { name: '吴先生', phone: '13812345678' }, address: '鼓楼区东街军门社区8号楼' });
    await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3 });
  }
  w.t.clock.set(at(`${TODAY}T15:00:00`));
});
after(() => w?.close());

test('a scan finds the spike, the repeat caller and the repeat address; alerts their unit once', async () => {
  const sup = await w.as('supervisor');
  const r = expectOk(await sup('POST', '/api/v1/insight/warnings/scan'));
  assert.ok(r.created >= 3, JSON.stringify(r));
  const list = expectOk(await sup('GET', '/api/v1/insight/warnings?kind=spike'));
  assert.equal(list.items.length, 1, JSON.stringify(list.items.map((x: any) => x.title)));
  const spike = list.items[0];
  assert.equal(spike.unitId, w.units.id(STREET));
  assert.equal(spike.categoryId, leaf);
  assert.equal(spike.detail.observed, 14);
  assert.equal(spike.detail.lambda, 2.5);
  assert.equal(spike.state, 'new');
  const caller = expectOk(await sup('GET', '/api/v1/insight/warnings?kind=repeat_requester')).items;
  assert.equal(caller.length, 1);
  assert.equal(caller[0].detail.phone, '138****5678');
  assert.ok(!JSON.stringify(caller).includes('13812345678'), 'the phone is never stored in full');
  assert.equal(caller[0].orderIds.length, 3);
  assert.equal(expectOk(await sup('GET', '/api/v1/insight/warnings?kind=repeat_address')).items.length, 1);
  const { rows } = await w.t.s.db.query<{ recipient: string; body: string }>(`select recipient, body from outbox where template = 'unit_insight_warning' order by id`);
  assert.ok(rows.some((x) => x.recipient === `unit:${w.units.id(STREET)}` && x.body.includes('激增')), JSON.stringify(rows));
  // a second scan records nothing new and sends nothing again
  const again = expectOk(await sup('POST', '/api/v1/insight/warnings/scan'));
  assert.equal(again.created, 0);
  const { rows: after2 } = await w.t.s.db.query(`select 1 from outbox where template = 'unit_insight_warning'`);
  assert.equal(after2.length, rows.length);
});

test('units see their own warnings and move them forward; others answer like missing ones', async () => {
  const mine = await w.as(handlerOf(STREET));
  const other = await w.as(handlerOf(OTHER_STREET));
  const seen = expectOk(await mine('GET', '/api/v1/insight/warnings')).items;
  assert.ok(seen.some((x: any) => x.kind === 'spike') && seen.some((x: any) => x.kind === 'repeat_requester'));
  assert.ok(seen.every((x: any) => x.unitId === null || x.unitId === w.units.id(STREET)));
  const theirs = expectOk(await other('GET', '/api/v1/insight/warnings')).items;
  assert.ok(!theirs.some((x: any) => x.unitId === w.units.id(STREET)));
  const spike = seen.find((x: any) => x.kind === 'spike');
  expectProblem(await other('POST', `/api/v1/insight/warnings/${spike.id}/state`, { state: 'seen' }), 404, 'not_found');
  expectProblem(await other('GET', `/api/v1/insight/warnings?unitId=${w.units.id(STREET)}`), 404, 'unit_not_found');
  assert.equal(expectOk(await mine('POST', `/api/v1/insight/warnings/${spike.id}/state`, { state: 'seen' })).state, 'seen');
  const acted = expectOk(await mine('POST', `/api/v1/insight/warnings/${spike.id}/state`, { state: 'acted', note: '已安排环卫加密清运' }));
  assert.equal(acted.state, 'acted');
  assert.equal(acted.note, '已安排环卫加密清运');
  expectProblem(await mine('POST', `/api/v1/insight/warnings/${spike.id}/state`, { state: 'seen' }), 409, 'invalid_transition');
  expectProblem(await mine('POST', '/api/v1/insight/warnings/scan'), 403, 'forbidden');
  expectProblem(await mine('POST', `/api/v1/insight/warnings/999999/state`, { state: 'seen' }), 404, 'not_found');
  expectProblem(await mine('POST', `/api/v1/insight/warnings/${spike.id}/state`, { state: 'new' }), 400, 'validation_failed');
  assert.equal(expectOk(await (await w.as('supervisor'))('GET', '/api/v1/insight/warnings?state=acted')).items[0].id, spike.id);
});

test('the seasonal calendar shows what rose in November in past years', async () => {
  const sup = await w.as('supervisor');
  const nov = expectOk(await sup('GET', '/api/v1/insight/seasonal?month=2026-11'));
  const it = nov.items.find((x: any) => x.years.length === 3);
  assert.ok(it, JSON.stringify(nov));
  assert.ok(it.ratio > 2.4 && it.ratio < 2.6, String(it.ratio));
  assert.deepEqual(it.years.map((y: any) => y.count), [30, 30, 30]);
  const jun = expectOk(await sup('GET', '/api/v1/insight/seasonal?month=2026-06'));
  assert.ok(!jun.items.some((x: any) => x.categoryId === it.categoryId));
  expectProblem(await sup('GET', '/api/v1/insight/seasonal?month=2026-13'), 400, 'validation_failed');
});
