// The dashboard summary on known data: volumes and comparisons from the rollups, channels, types, categories,
// areas of the map, overdue and supervised lists, the assessment's figures; a unit's dashboard is its subtree's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { expectOk, expectProblem, World, COMMUNITY } from '../core/_support';
import { at, DAY, runFlow, handlerOf, OTHER_STREET, STREET } from '../assessment/_flows';

let w: World;
const base = async () => {
  // The demo seed registers orders of its own: the test counts on top of a baseline.
  const c = await w.as('leader');
  return expectOk(await c('GET', '/api/v1/dashboard/summary?from=2026-06-01&to=2026-06-30'));
};
let start: Record<string, any>;

before(async () => {
  w = await World.open({ start: '2026-06-01T09:00:00+08:00' });
  start = await base();
  // 2026-06-10: 3 phone complaints to STREET; 2026-06-11: 2 web orders to OTHER_STREET, 1 of them via COMMUNITY.
  w.t.clock.set(at('2026-06-10T10:00:00'));
  for (let i = 0; i < 3; i++) await runFlow(w, { unit: STREET, end: { resolution: 'resolved', satisfaction: 'satisfied' } });
  w.t.clock.set(at('2026-06-11T23:30:00')); // late evening city time: still the 11th
  for (let i = 0; i < 2; i++) {
    const o = await w.create({ channel: 'web', type: 'help' });
    await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(OTHER_STREET), tier: 3 });
  }
  const o = await w.create({ channel: 'web', type: 'help' });
  await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3 });
  // a week later: the STREET order (7 working days) is overdue; a supervisor supervises one of OTHER_STREET's
  w.t.clock.set(at('2026-06-25T10:00:00'));
});
after(() => w?.close());

const get = async (who: string, url: string) => expectOk(await (await w.as(who))('GET', url));

test('the district summary counts what happened, with comparisons and every table', async () => {
  const s = await get('leader', '/api/v1/dashboard/summary?from=2026-06-01&to=2026-06-30');
  assert.equal(s.unit, null);
  assert.equal(s.total.count - start.total.count, 6);
  const phone = (x: any) => x.byChannel.find((r: any) => r.key === 'phone')?.count ?? 0;
  const web = (x: any) => x.byChannel.find((r: any) => r.key === 'web')?.count ?? 0;
  assert.equal(phone(s) - phone(start), 3);
  assert.equal(web(s) - web(start), 3);
  const day = (x: any, d: string) => x.byDay.find((r: any) => r.day === d)?.count;
  assert.equal(day(s, '2026-06-10') - day(start, '2026-06-10'), 3);
  assert.equal(day(s, '2026-06-11') - day(start, '2026-06-11'), 3, 'an order at 23:30 city time counts on its city day');
  const area = (x: any, code: string) => x.areas.find((a: any) => a.unitId === w.units.id(code));
  assert.equal(area(s, STREET).count - area(start, STREET).count, 4);
  assert.equal(area(s, OTHER_STREET).count - area(start, OTHER_STREET).count, 2);
  assert.equal(area(s, OTHER_STREET).open - area(start, OTHER_STREET).open, 2);
  assert.ok(s.overdue.count >= 1 && s.overdue.items.some((o: any) => o.unitId === w.units.id(STREET)), JSON.stringify(s.overdue));
  assert.equal(s.today.date, '2026-06-25');
  assert.equal(s.month.month, '2026-06');
  // three rates from the assessment (the 3 closed STREET orders were evaluated this month)
  const st = s.rates.rankings.street.find((i: any) => i.unitId === w.units.id(STREET));
  assert.ok(st && st.evaluated >= 3 && st.resolutionRate !== null, JSON.stringify(st));
  // a previous period of the same length
  assert.equal(s.total.previousFrom, '2026-05-02');
  assert.equal(s.total.previousTo, '2026-05-31');
});

test('a unit dashboard shows its own subtree only; another unit answers like a missing one', async () => {
  const h = handlerOf(STREET);
  const mine = await get(h, '/api/v1/dashboard/summary?from=2026-06-01&to=2026-06-30');
  assert.equal(mine.unit.id, w.units.id(STREET));
  const leaderView = await get('leader', `/api/v1/dashboard/summary?unitId=${w.units.id(STREET)}&from=2026-06-01&to=2026-06-30`);
  assert.equal(mine.total.count, leaderView.total.count);
  const district = await get('leader', '/api/v1/dashboard/summary?from=2026-06-01&to=2026-06-30');
  assert.ok(mine.total.count < district.total.count);
  assert.ok(mine.overdue.items.every((o: any) => o.unitId === w.units.id(STREET)));
  assert.ok(mine.areas.every((a: any) => w.units.all.find((u) => u.id === a.unitId)!.parentId === w.units.id(STREET)), 'the map shows its communities');
  assert.deepEqual(mine.rates.rankings, {}, 'a unit sees its own figures, not the live rankings');
  assert.ok(mine.rates.own && mine.rates.own.evaluated >= 3);
  const c = await w.as(h);
  expectProblem(await c('GET', `/api/v1/dashboard/summary?unitId=${w.units.id(OTHER_STREET)}`), 404, 'unit_not_found');
  expectProblem(await c('GET', `/api/v1/dashboard/areas?unitId=${w.units.id(OTHER_STREET)}`), 404, 'unit_not_found');
  expectProblem(await c('GET', `/api/v1/dashboard/summary.csv?table=areas&unitId=${w.units.id(OTHER_STREET)}`), 404, 'unit_not_found');
  expectProblem(await c('GET', '/api/v1/dashboard/summary?unitId=999999'), 404, 'unit_not_found');
  // a unit below its own is fine
  expectOk(await c('GET', `/api/v1/dashboard/summary?unitId=${w.units.id(COMMUNITY)}`));
});

test('bad input is a 400 problem, never a 5xx', async () => {
  const c = await w.as('leader');
  for (const q of ['from=2026-13-01', 'to=2026-02-30', 'from=2026-06-10&to=2026-06-01', 'from=2020-01-01&to=2026-06-01', 'from=x', 'unitId=0', 'unitId=abc']) {
    const r = await c('GET', `/api/v1/dashboard/summary?${q}`);
    expectProblem(r, 400, 'validation_failed');
  }
  expectProblem(await c('GET', '/api/v1/dashboard/summary.csv?table=nope'), 400, 'validation_failed');
});

test('the map areas are GeoJSON features of the units; exports carry every table', async () => {
  const g = await get('leader', '/api/v1/dashboard/areas');
  assert.equal(g.type, 'FeatureCollection');
  assert.ok(g.features.length >= 5 && g.features.every((f: any) => ['Polygon', 'MultiPolygon'].includes(f.geometry.type)));
  const c = await w.as('leader');
  const csv = await c('GET', '/api/v1/dashboard/summary.csv?table=channels&from=2026-06-01&to=2026-06-30');
  assert.equal(csv.statusCode, 200);
  assert.match(csv.body, /^\ufeff渠道,工单量\r\n/);
  assert.match(csv.body, /phone,\d+/);
  const x = await c('GET', '/api/v1/dashboard/summary.xlsx?from=2026-06-01&to=2026-06-30');
  assert.equal(x.statusCode, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as any);
  assert.deepEqual(wb.worksheets.map((s) => s.name), ['概览', '渠道', '类型', '状态', '高频分类', '每日量', '区域', '超期工单', '督办工单', '热点', '预警']);
  assert.equal(wb.getWorksheet('概览')!.getRow(3).getCell(2).value, (await get('leader', '/api/v1/dashboard/summary?from=2026-06-01&to=2026-06-30')).total.count);
});
