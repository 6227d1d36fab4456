// Hotspots through the API on real orders: a cluster of similar complaints in one street with its figures
// (count, distinct requesters, growth against the previous window, unresolved share), the refresh by a
// supervisor, the claimed job, the scope of units, on-demand periods and bad input.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, expectProblem, World } from '../core/_support';
import { at, DAY, handlerOf, OTHER_STREET, STREET } from '../assessment/_flows';
import { polygonCentroid, type AreaGeometry } from '../../src/modules/geo';
import { claimInsightJob, finishInsightJob } from '../../src/modules/insight/jobs';

let w: World;
const ids: number[] = [];
let early = 0;
before(async () => {
  w = await World.open({ start: '2026-06-01T09:00:00+08:00' });
  const areas = expectOk(await (await w.as('leader'))('GET', '/api/v1/dashboard/areas'));
  const geo = areas.features.find((f: any) => f.id === w.units.id(STREET)).geometry as AreaGeometry;
  const c = polygonCentroid(geo);
  const texts = [
    ['军门社区垃圾堆积无人清运', '小区门口垃圾桶满了好几天没人清运，气味很大。', '13900000001'],
    ['军门社区门口垃圾没人清理', '垃圾堆了三天了，苍蝇很多，希望尽快清运。', '13900000002'],
    ['军门社区垃圾堆积发臭', '小区门口垃圾几天没清运，臭味影响居民。', '13900000003'],
    ['军门社区垃圾清运不及时', '门口垃圾桶满了没人清运，味道很大。', '13900000001'],
  ];
  // one similar complaint in the previous week
  w.t.clock.set(at('2026-06-05T10:00:00'));
  early = (await w.create({ title: '军门社区垃圾没人清运', description: '垃圾桶满了没人清运。', location: { lat: c.lat + 0.0002, lng: c.lng }, requester: { name: '周先生', phone: '13900000009' } })).id;
  w.t.clock.set(at('2026-06-12T10:00:00'));
  for (const [i, [title, description, phone]] of texts.entries()) {
    const o = await w.create({ title, description, location: { lat: c.lat + i * 0.0003, lng: c.lng }, requester: { name: '市民', phone } });
    if (i < 2) await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3 });
    ids.push(o.id);
  }
  // unrelated orders in the same street
  await w.create({ title: '咨询小学入学报名材料', description: '请问今年入学需要哪些材料？', location: { lat: c.lat, lng: c.lng } });
  w.t.clock.advance(3600_000);
});
after(() => w?.close());

const find = (list: any, id: number) => list.items.find((h: any) => h.orderIds.includes(id));

test('a supervisor refreshes; the hotspot holds the similar orders with its figures', async () => {
  const sup = await w.as('supervisor');
  const r = expectOk(await sup('POST', '/api/v1/insight/hotspots/refresh'));
  assert.deepEqual(r.windows.map((x: any) => x.days), [7, 30]);
  const list = expectOk(await sup('GET', '/api/v1/insight/hotspots?window=7'));
  const h = find(list, ids[0]);
  assert.ok(h, JSON.stringify(list));
  assert.deepEqual([...h.orderIds].sort((a: number, b: number) => a - b), ids);
  assert.equal(h.count, 4);
  assert.equal(h.totalCount, 4);
  assert.equal(h.distinctRequesters, 3, 'one resident called twice');
  assert.equal(h.previous, 1, 'the similar order of the week before');
  assert.equal(h.growth, 3);
  assert.equal(h.unresolvedShare, 1);
  assert.ok(h.score > 0 && h.keywords.some((k: string) => k.includes('垃圾')), JSON.stringify(h));
  assert.ok(h.unitIds.includes(w.units.id(STREET)));
  assert.ok(h.center && Math.abs(h.center.lat - 0) > 1);
  assert.ok(!list.items.some((x: any) => x.orderIds.includes(early)), 'the earlier order counts as previous, not as a member');
  // the 30-day window holds all five
  const month = expectOk(await sup('GET', '/api/v1/insight/hotspots?window=30'));
  assert.equal(find(month, ids[0]).count, 5);
  // an on-demand period gives the same cluster
  const custom = expectOk(await sup('GET', '/api/v1/insight/hotspots?from=2026-06-06&to=2026-06-12'));
  assert.equal(find(custom, ids[0]).count, 4);
});

test('scope: a street sees its hotspot; another street does not; only supervisors refresh', async () => {
  const mine = expectOk(await (await w.as(handlerOf(STREET)))('GET', '/api/v1/insight/hotspots?window=7'));
  assert.equal(find(mine, ids[0])?.count, 4);
  const other = expectOk(await (await w.as(handlerOf(OTHER_STREET)))('GET', '/api/v1/insight/hotspots?window=7'));
  assert.equal(find(other, ids[0]), undefined);
  const c = await w.as(handlerOf(OTHER_STREET));
  expectProblem(await c('GET', `/api/v1/insight/hotspots?unitId=${w.units.id(STREET)}`), 404, 'unit_not_found');
  expectProblem(await c('POST', '/api/v1/insight/hotspots/refresh'), 403, 'forbidden');
  expectProblem(await (await w.as('leader'))('POST', '/api/v1/insight/hotspots/refresh'), 403, 'forbidden');
});

test('filters and bad input', async () => {
  const sup = await w.as('supervisor');
  expectProblem(await sup('GET', '/api/v1/insight/hotspots?window=5'), 400, 'validation_failed');
  expectProblem(await sup('GET', '/api/v1/insight/hotspots?from=2026-06-10&to=2026-06-01'), 400, 'validation_failed');
  expectProblem(await sup('GET', '/api/v1/insight/hotspots?from=2026-01-01&to=2026-06-01'), 400, 'validation_failed');
  expectProblem(await sup('GET', '/api/v1/insight/hotspots?window=7&from=2026-06-01'), 400, 'validation_failed');
  expectProblem(await sup('GET', '/api/v1/insight/hotspots?from=2026-02-30'), 400, 'validation_failed');
  const byUnit = expectOk(await sup('GET', `/api/v1/insight/hotspots?window=7&unitId=${w.units.id(OTHER_STREET)}`));
  assert.equal(find(byUnit, ids[0]), undefined);
});

test('the periodic job is claimed by one caller at a time and waits its interval', async () => {
  const db = w.t.s.db;
  const now = w.t.clock.now();
  const claims = await Promise.all([claimInsightJob(db, 'hotspots', now), claimInsightJob(db, 'hotspots', now)]);
  assert.deepEqual(claims.sort(), [false, true]);
  await finishInsightJob(db, 'hotspots', now, 20_000, 5);
  assert.equal(await claimInsightJob(db, 'hotspots', new Date(now.getTime() + 10_000)), false, 'not due yet');
  assert.equal(await claimInsightJob(db, 'hotspots', new Date(now.getTime() + 20_000)), true);
  await finishInsightJob(db, 'hotspots', now, 20_000, 5);
  // the job's own pass stores what the refresh would
  const entry = w.t.s.insight.jobEntries()[0];
  w.t.clock.advance(DAY);
  await w.t.s.db.query(`update insight_jobs set due_at = '-infinity' where name = 'hotspots'`);
  const n = await (await import('../../src/jobs/runner')).runJobOnce(entry.job, w.t.clock, entry.batch);
  assert.equal(n, 1);
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from insight_hotspots where computed_at = $1`, [w.t.clock.now()]);
  assert.ok(rows[0].n >= 1);
});
