import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Client, type TestApp } from '../helpers/app';
import { leafId } from '../helpers/catalog';

let t: TestApp;
let op: Client;
let admin: Client;
let units: { id: number; code: string; name: string; type: string; parentId: number | null }[];
let leaves: { id: number; name: string; level: number }[];
const unit = (code: string) => units.find((u) => u.code === code)!;

before(async () => {
  t = await createTestApp();
  await t.s.assist.models.retrain();
  op = await t.as('operator');
  admin = await t.as('admin');
  units = (await op('GET', '/api/v1/units')).json().items;
  leaves = (await op('GET', '/api/v1/catalog')).json().items.filter((c: { level: number }) => c.level === 3);
});
after(() => t.close());

const assist = async (body: object) => {
  const r = await op('POST', '/api/v1/assist', body);
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
};

test('jurisdiction from the address text: street names, aliases and communities', async () => {
  const a = await assist({ title: '路灯不亮', address: '福州市鼓楼区东街街道' });
  assert.equal(a.jurisdiction.streetId, unit('350102004').id);
  assert.equal(a.jurisdiction.source, 'address');
  const community = units.find((u) => u.type === 'community' && u.parentId === unit('350102001').id)!;
  const b = await assist({ title: '垃圾', address: `鼓楼区${community.name}3号楼` });
  assert.equal(b.jurisdiction.communityId, community.id);
  assert.equal(b.jurisdiction.streetId, unit('350102001').id, 'a community resolves to its street');
  const none = await assist({ title: '咨询', address: '火星基地' });
  assert.equal(none.jurisdiction.streetId, null);
});

test('jurisdiction from road names learned from past dispatches (not in any unit name)', async () => {
  const road = '民呼试验路';
  assert.equal((await assist({ title: '路灯不亮', address: `${road}8号` })).jurisdiction.streetId, null, 'an unknown road before learning');
  const disp = await t.as('dispatcher');
  const street = unit('350102006');
  for (const no of [12, 40]) {
    const o = (await op('POST', '/api/v1/orders', { channel: 'phone', type: 'complaint', title: '路面坑洼', address: `福州市鼓楼区${road}${no}号`, requester: { name: '甲', phone: '13800000000' } })).json();
    const r = await disp('POST', `/api/v1/orders/${o.id}/dispatch`, { version: o.version, mainUnitId: street.id, categoryId: await leafId(t.s.db, '基础设施') });
    assert.equal(r.statusCode, 200, r.body);
  }
  await t.s.assist.refresh(); // normally every minute, in the background
  const a = await assist({ title: '路灯不亮', address: `${road}8号` });
  assert.equal(a.jurisdiction.streetId, street.id, JSON.stringify(a.jurisdiction));
  assert.equal(a.jurisdiction.source, 'address');
  assert.equal(a.jurisdiction.matched, road);
});

test('jurisdiction from coordinates: a point inside a grid polygon gives grid, community and street', async () => {
  const { rows } = await t.s.db.query<{ id: number; geojson: { coordinates: number[][][] } }>(`select id, geojson from units where type = 'grid' and geojson is not null order by id limit 1`);
  const ring = rows[0].geojson.coordinates[0];
  const lng = (Math.min(...ring.map((p) => p[0])) + Math.max(...ring.map((p) => p[0]))) / 2;
  const lat = (Math.min(...ring.map((p) => p[1])) + Math.max(...ring.map((p) => p[1]))) / 2;
  const a = await assist({ title: '井盖缺失', location: { lat, lng } });
  assert.equal(a.jurisdiction.source, 'location');
  assert.equal(a.jurisdiction.gridId, rows[0].id);
  const grid = units.find((u) => u.id === rows[0].id)!;
  assert.equal(a.jurisdiction.communityId, grid.parentId);
});

test('category and unit suggestions: catalog knowledge ranks the right leaf and routes it by its handler rule', async () => {
  const a = await assist({ title: '家里停水了', description: '小区从早上开始停水，水压也很低', address: '鼓楼区五四路' });
  assert.ok(a.modelReady);
  assert.equal(a.categories.length, 3);
  const water = leaves.find((c) => c.name === '自来水供应')!;
  assert.equal(a.categories[0].categoryId, water.id, JSON.stringify(a.categories));
  assert.ok(a.categories[0].confidence > a.categories[1].confidence);
  const waterCo = unit('E3501-WATER');
  assert.equal(a.units[0].unitId, waterCo.id);
  assert.ok(a.units[0].reasons.length > 0);
});

test('online correction: a dispatcher correcting the category changes the next suggestion, without a restart', async () => {
  const text = { title: '楼道里堆满杂物', description: '邻居在楼道长期堆放纸箱杂物，消防通道被堵' };
  const first = (await assist(text)).categories[0].categoryId;
  const target = leaves.find((c) => c.name === '安全隐患' && c.id !== first) ?? leaves.find((c) => c.id !== first)!;
  const disp = await t.as('dispatcher');
  for (let i = 0; i < 3; i++) {
    const o = (await op('POST', '/api/v1/orders', { channel: 'phone', type: 'complaint', ...text, address: '鼓楼区东街', requester: { name: '甲', phone: '13800000000' } })).json();
    const r = await disp('POST', `/api/v1/orders/${o.id}/dispatch`, { version: o.version, mainUnitId: unit('350102004').id, categoryId: target.id });
    assert.equal(r.statusCode, 200, r.body);
  }
  await t.s.assist.models.catchUp();
  const next = (await assist(text)).categories[0].categoryId;
  assert.notEqual(first, target.id);
  assert.equal(next, target.id, 'the corrected category is now the top suggestion');
});

test('duplicates: an open order about the same problem nearby ranks first; unrelated ones do not appear', async () => {
  const base = { channel: 'phone', type: 'complaint', requester: { name: '乙', phone: '13900000000' } };
  const same = (await op('POST', '/api/v1/orders', { ...base, title: '温泉公园路垃圾桶满溢无人清运', description: '垃圾桶满了好几天没人清运，臭味很大', address: '鼓楼区温泉公园路12号', location: { lat: 26.1, lng: 119.3 } })).json();
  await op('POST', '/api/v1/orders', { ...base, title: '咨询社保卡补办流程', description: '社保卡丢了怎么补办', address: '鼓楼区温泉公园路' });
  const a = await assist({ title: '温泉公园路垃圾无人清运', description: '垃圾桶满溢，很臭', address: '鼓楼区温泉公园路10号', location: { lat: 26.1001, lng: 119.3001 } });
  assert.equal(a.duplicates[0]?.id, same.id, JSON.stringify(a.duplicates));
  assert.ok(a.duplicates.every((d: { title: string }) => !d.title.includes('社保卡')));
});

test('knowledge base: Chinese search ranks the matching article, respects validity, and an answered order records the article', async () => {
  // The demo articles answer 公积金提取 too: retire them, this test ranks its own articles.
  await t.s.db.query('update kb_articles set active = false');
  const mk = (body: object) => admin('POST', '/api/v1/kb/articles', body);
  const good = (await mk({ question: '住房公积金提取需要哪些材料？', answer: '身份证、银行卡及租房合同。', keywords: ['公积金', '提取'] })).json();
  await mk({ question: '如何办理居住证？', answer: '携带身份证到派出所办理。', keywords: ['居住证'] });
  const expired = (await mk({ question: '公积金提取旧政策', answer: '已废止', validTo: '2020-01-01' })).json();
  const r = (await op('GET', `/api/v1/kb/search?q=${encodeURIComponent('我想提取公积金要带什么')}`)).json();
  assert.equal(r.items[0].id, good.id);
  assert.ok(!r.items.some((x: { id: number }) => x.id === expired.id), 'expired articles are not proposed');
  const a = await assist({ title: '公积金提取', description: '想问提取公积金需要什么材料' });
  assert.equal(a.articles[0].id, good.id);
  const o = (await op('POST', '/api/v1/orders', { channel: 'phone', type: 'consult', title: '公积金提取咨询', requester: { name: '丙', phone: '13700000000' } })).json();
  const ans = await op('POST', `/api/v1/orders/${o.id}/answer`, { version: o.version, answer: good.answer, kbArticleId: good.id });
  assert.equal(ans.json().kbArticleId, good.id);
  assert.equal((await op('GET', `/api/v1/kb/articles/${good.id}`)).json().useCount, 1);
  assert.equal((await op('POST', '/api/v1/kb/articles', { question: 'x', answer: 'y' })).statusCode, 403, 'only admins edit the knowledge base');
});

test('labelled examples import (JSONL): names map to catalog categories; bad lines are reported', async () => {
  const body = [JSON.stringify({ title: '噪音', detail: '装修噪音', label: '噪声污染' }), 'not json', JSON.stringify({ title: 'x', detail: '', label: '不存在的分类' })].join('\n');
  const r = await admin('POST', '/api/v1/assist/examples', body, { 'content-type': 'application/x-ndjson' });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().imported, 1);
  assert.deepEqual(r.json().skipped.map((s: { line: number }) => s.line), [2, 3]);
});
