import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pointInPolygon, polygonArea, randomPointIn } from '../../geo/geometry';
import { mulberry32 } from '../../geo/random';
import { buildDemoUnits, splitRect, withDemoIds, type UnitSeed } from './district';

const units = buildDemoUnits();
const byCode = new Map(units.map((u) => [u.code, u]));
const ofType = (...t: string[]) => units.filter((u) => t.includes(u.type));
const childrenOf = (code: string) => units.filter((u) => u.parentCode === code);

test('demo tree: real streets/towns and communities of 福州市鼓楼区', () => {
  assert.equal(units[0].code, 'C12345');
  assert.equal(units[0].type, 'center');
  const district = byCode.get('350102')!;
  assert.equal(district.name, '鼓楼区');
  assert.ok(district.aliases.includes('福州市鼓楼区') && district.aliases.includes('鼓楼'));
  const streets = ofType('street', 'town');
  assert.equal(streets.length, 10);
  assert.deepEqual(ofType('town').map((s) => s.name), ['洪山镇']);
  assert.ok(streets.every((s) => /^350102\d{3}$/.test(s.code) && s.parentCode === '350102'));
  assert.ok(byCode.get('350102001')!.aliases.includes('鼓东'));
  const communities = ofType('community');
  assert.equal(communities.length, 69);
  assert.ok(communities.every((c) => /^350102\d{6}$/.test(c.code) && byCode.get(c.parentCode!)?.code === c.code.slice(0, 9)));
  assert.deepEqual(byCode.get('350102001001')!.aliases, ['中山']);
  const grids = ofType('grid');
  for (const c of communities) {
    const g = childrenOf(c.code);
    assert.ok(g.length >= 2 && g.length <= 3 && g.every((x) => x.type === 'grid'), c.code);
    assert.equal(g[0].code, `${c.code}-G1`);
    assert.equal(g[0].name, `${c.name}第1网格`);
  }
  assert.equal(grids.length, communities.reduce((n, c) => n + childrenOf(c.code).length, 0));
});

test('demo tree: unique codes, parents before children, valid parent types', () => {
  assert.equal(byCode.size, units.length);
  const seen = new Set<string>();
  const allowed: Record<string, string[]> = {
    district: ['center'],
    street: ['district'],
    town: ['district'],
    community: ['street', 'town'],
    grid: ['community'],
    department: ['center', 'district'],
    company: ['center', 'district'],
    property: ['street', 'town'],
  };
  for (const u of units) {
    if (u.parentCode !== null) {
      assert.ok(seen.has(u.parentCode), `${u.code} before its parent`);
      assert.ok(allowed[u.type].includes(byCode.get(u.parentCode)!.type), `${u.code} under ${u.parentCode}`);
    }
    seen.add(u.code);
    assert.match(u.contact.phone ?? '', /^0591-(8\d{7}|12345)$/);
    assert.ok(!u.aliases.includes(u.name), `${u.code} alias repeats its name`);
  }
  assert.equal(withDemoIds(units).filter((u) => u.parentId === null).length, 1);
  for (const name of ['福州市住房和城乡建设局', '鼓楼区人力资源和社会保障局', '福州水务集团有限公司', '国网福建省电力有限公司福州供电公司', '福州华润燃气有限公司']) {
    assert.ok(units.some((u) => u.name === name), name);
  }
  assert.ok(ofType('department').length >= 40 && ofType('company').length >= 7);
  // 物业: each demo property company serves communities of its own street.
  assert.ok(ofType('property').length >= 2);
  for (const p of ofType('property')) {
    assert.ok(p.serves && p.serves.length > 0, p.code);
    for (const c of p.serves!) assert.equal(byCode.get(c)?.parentCode, p.parentCode, `${p.code} serves ${c}`);
  }
});

test('geometry: every geographic unit has a polygon, children lie inside parents', () => {
  const rnd = mulberry32(1);
  for (const u of ofType('district', 'street', 'town', 'community', 'grid')) {
    assert.ok(u.geojson && polygonArea(u.geojson) > 0, u.code);
    if (u.type === 'district') continue;
    const parent = byCode.get(u.parentCode!)!;
    for (let i = 0; i < 20; i++) {
      const p = randomPointIn(u.geojson, rnd);
      assert.ok(pointInPolygon(p.lat, p.lng, parent.geojson!), `${u.code} point outside ${parent.code}`);
    }
  }
  assert.equal(ofType('department', 'company', 'property', 'center').filter((u) => u.geojson).length, 0);
});

test('geometry: siblings do not overlap and tile their parent', () => {
  const rnd = mulberry32(2);
  for (const parent of ofType('district', 'street', 'town', 'community')) {
    const kids = childrenOf(parent.code).filter((k): k is UnitSeed & { geojson: NonNullable<UnitSeed['geojson']> } => !!k.geojson);
    const area = kids.reduce((s, k) => s + polygonArea(k.geojson), 0);
    assert.ok(Math.abs(area - polygonArea(parent.geojson!)) < 1e-9, `${parent.code} children cover it exactly`);
    for (const k of kids) {
      for (let i = 0; i < 10; i++) {
        const p = randomPointIn(k.geojson, rnd);
        const hits = kids.filter((o) => pointInPolygon(p.lat, p.lng, o.geojson));
        assert.deepEqual(hits.map((h) => h.code), [k.code], `overlap under ${parent.code}`);
      }
    }
  }
});

test('geometry: district box and rough street placement', () => {
  assert.deepEqual(byCode.get('350102')!.geojson!.coordinates[0][0], [119.24, 26.06]);
  const centre = (code: string) => {
    const ring = byCode.get(code)!.geojson!.coordinates[0] as number[][];
    return { lng: (ring[0][0] + ring[2][0]) / 2, lat: (ring[0][1] + ring[2][1]) / 2 };
  };
  assert.ok(centre('350102100').lng < centre('350102002').lng, '洪山镇 west of 鼓西');
  assert.ok(centre('350102003').lat > centre('350102004').lat, '温泉 north of 东街');
  assert.ok(centre('350102007').lng < centre('350102003').lng, '华大 west of 温泉');
});

test('splitRect tiles any count exactly', () => {
  for (let n = 1; n <= 12; n++) {
    const cells = splitRect([119.26, 26.06, 119.285, 26.083], n);
    assert.equal(cells.length, n);
    const a = cells.reduce((s, [x0, y0, x1, y1]) => s + (x1 - x0) * (y1 - y0), 0);
    assert.ok(Math.abs(a - 0.025 * 0.023) < 1e-12, `n=${n}`);
  }
});
