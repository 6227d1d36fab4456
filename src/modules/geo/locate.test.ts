import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDemoUnits, withDemoIds } from '../org/demo/district';
import { randomPointIn } from './geometry';
import { buildLocator, locate } from './locate';
import { mulberry32 } from './random';

const units = withDemoIds(buildDemoUnits());
const find = buildLocator(units);

test('a random point in each community locates to that community, its street and one of its grids', () => {
  const rnd = mulberry32(12345);
  const communities = units.filter((u) => u.type === 'community');
  assert.equal(communities.length, 69);
  for (const c of communities) {
    for (let i = 0; i < 5; i++) {
      const p = randomPointIn(c.geojson!, rnd);
      const loc = find(p.lat, p.lng);
      assert.equal(loc.communityId, c.id, c.name);
      assert.equal(loc.streetId, c.parentId, c.name);
      assert.equal(loc.districtId, units.find((u) => u.code === '350102')!.id);
      const grid = units.find((u) => u.id === loc.gridId)!;
      assert.equal(grid.parentId, c.id);
      assert.equal(loc.unitId, grid.id);
    }
  }
});

test('outside the district nothing is found; missing geometry is filled from the parent chain', () => {
  assert.deepEqual(locate(units, 26.05, 119.3), { districtId: null, streetId: null, communityId: null, gridId: null, unitId: null });
  // drop the community polygons: the grid hit still yields its community
  const noCommunityGeo = units.map((u) => (u.type === 'community' ? { ...u, geojson: null } : u));
  const c = units.find((u) => u.name === '军门社区')!;
  const p = randomPointIn(c.geojson!, mulberry32(3));
  const loc = locate(noCommunityGeo, p.lat, p.lng);
  assert.equal(loc.communityId, c.id);
  assert.equal(loc.streetId, c.parentId);
});

test('a point on a shared border gets one street and a community of that street', () => {
  // 鼓东 (north of 26.09) and 东街 (south) share the edge lat 26.09 between lng 119.285 and 119.3
  for (const [lat, lng] of [[26.09, 119.2925], [26.1, 119.285], [26.105, 119.28]]) {
    const loc = find(lat, lng);
    assert.ok(loc.streetId !== null && loc.communityId !== null && loc.gridId !== null);
    const community = units.find((u) => u.id === loc.communityId)!;
    assert.equal(community.parentId, loc.streetId);
    assert.equal(units.find((u) => u.id === loc.gridId)!.parentId, loc.communityId);
  }
});
