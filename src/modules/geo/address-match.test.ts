import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDemoUnits, withDemoIds } from '../org/demo/district';
import { buildGazetteer, normalizeAddress, stripUnitSuffix, type GazetteerUnit } from './address-match';

const units = withDemoIds(buildDemoUnits());
const gaz = buildGazetteer(units);
const byId = new Map(units.map((u) => [u.id, u]));
const name = (id: number | null) => (id === null ? null : byId.get(id)!.name);
const top = (text: string) => {
  const m = gaz.match(text)[0];
  assert.ok(m, `no match for ${text}`);
  return { ...m, name: name(m.unitId), street: name(m.streetId), community: name(m.communityId) };
};

test('full addresses with city/district prefix, street and community', () => {
  const m = top('福州市鼓楼区东街街道军门社区八一七北路68号');
  assert.deepEqual([m.name, m.type, m.street], ['军门社区', 'community', '东街街道']);
  assert.ok(m.score > 0.9);
  const all = gaz.match('福建省福州市鼓楼区东街街道军门社区');
  assert.deepEqual(all.map((x) => name(x.unitId)), ['军门社区', '东街街道', '鼓楼区']);
  assert.equal(all[2].score, 0.6, '福州市鼓楼区 counts as the district full name');
});

test('a community alone resolves to its street; names with other suffixes', () => {
  let m = top('三坊七巷社区居委会门口');
  assert.deepEqual([m.name, m.street], ['三坊七巷社区', '南街街道']);
  m = top('鼓楼区洪山镇凤湖村委会旁边');
  assert.deepEqual([m.name, m.type, m.street], ['凤湖社区', 'community', '洪山镇']);
  m = top('树兜社区居委会');
  assert.deepEqual([m.name, m.street], ['树兜社区', '鼓东街道']);
  m = top('鼓东街道办事处');
  assert.deepEqual([m.name, m.type], ['鼓东街道', 'street']);
  m = top('ｗｉｆｉ 温泉 街道 东大社区'); // full-width letters and spaces
  assert.deepEqual([m.name, m.street], ['东大社区', '温泉街道']);
});

test('a village that is not a community falls back to the town', () => {
  const m = top('福州市鼓楼区洪山镇洪山村12号');
  assert.deepEqual([m.name, m.type], ['洪山镇', 'town']);
});

test('road and area names map to their street (approximate aliases)', () => {
  assert.deepEqual([top('五四路128号').name, top('五四路128号').type], ['鼓东街道', 'street']);
  assert.equal(top('南门兜附近').name, '安泰街道');
  assert.equal(top('温泉公园路9号').name, '温泉街道');
  assert.equal(top('工业路523号福州大学怡山校区').street, '洪山镇');
  assert.equal(top('杨桥东路口').name, '南街街道');
  assert.deepEqual(gaz.match('台江区上下杭'), []);
  assert.deepEqual(gaz.match(''), []);
});

test('the most specific unit wins: grid over community over street', () => {
  let m = top('华大街道屏山社区第2网格');
  assert.deepEqual([m.name, m.type, m.community, m.street], ['屏山社区第2网格', 'grid', '屏山社区', '华大街道']);
  m = top('屏山2网格');
  assert.equal(m.name, '屏山社区第2网格');
  m = top('鼓东街道开元社区');
  assert.equal(m.type, 'community');
  // 东街 inside 鼓东街道 is not read as 东街街道
  assert.ok(!gaz.match('鼓东街道').some((x) => name(x.unitId) === '东街街道'));
});

test('a community under another explicitly named street is ranked below that street', () => {
  const all = gaz.match('东街街道中山社区'); // 中山社区 belongs to 鼓东街道
  assert.equal(name(all[0].unitId), '东街街道');
  const c = all.find((x) => name(x.unitId) === '中山社区')!;
  assert.ok(c.score < all[0].score);
  assert.equal(name(c.streetId), '鼓东街道');
});

test('learned terms and suffix helpers', () => {
  const mini: GazetteerUnit[] = [
    { id: 1, code: 'D', name: '示例区', aliases: [], type: 'district', parentId: null },
    { id: 2, code: 'S', name: '新港街道', aliases: [], type: 'street', parentId: 1 },
    { id: 3, code: 'V', name: '前进村村民委员会', aliases: [], type: 'community', parentId: 2 },
    { id: 4, code: 'X', name: '某部门', aliases: [], type: 'department', parentId: 1 },
  ];
  const g = buildGazetteer(mini, [{ term: '万达广场', unitId: 2, weight: 5 }, { term: '无效', unitId: 99, weight: 1 }]);
  assert.equal(g.match('万达广场3号楼')[0].unitId, 2);
  assert.ok(g.match('万达广场')[0].score > 0.6);
  assert.equal(g.match('前进社区')[0].unitId, 3);
  assert.equal(g.match('前进村')[0].streetId, 2);
  assert.deepEqual(g.match('某部门'), [], 'departments are not places');
  assert.equal(stripUnitSuffix('前进村村民委员会', 'community'), '前进');
  assert.equal(stripUnitSuffix('中山社区居委会', 'community'), '中山');
  assert.equal(stripUnitSuffix('东街街道', 'street'), '东街');
  assert.equal(stripUnitSuffix('洪山镇', 'town'), '洪山');
  assert.equal(stripUnitSuffix('镇', 'town'), '镇');
  assert.equal(normalizeAddress(' 五四路１２８号 '), '五四路128号');
});
