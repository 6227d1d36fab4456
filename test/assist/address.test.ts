// POST /api/v1/assist/address: the standard form of a typed address with its jurisdiction, for intake roles only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/app';
import { assertProblem } from '../proof/_support';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t?.close());

test('operators get the standard address and its jurisdiction; units are refused; bad input is a 400', async () => {
  const op = await t.as('operator');
  const r = await op('POST', '/api/v1/assist/address', { address: '鼓楼区东街街道 军门社区 杨桥中路２９４号 金山花园3号楼2单元501室' });
  assert.equal(r.statusCode, 200, r.body);
  const a = r.json();
  const units = (await op('GET', '/api/v1/units')).json().items as { id: number; name: string }[];
  assert.equal(units.find((u) => u.id === a.streetId)?.name, '东街街道');
  assert.equal(units.find((u) => u.id === a.communityId)?.name, '军门社区');
  assert.equal(a.jurisdictionUnitId, a.communityId);
  assert.deepEqual([a.road, a.number, a.compound, a.building, a.unitNo, a.room], ['杨桥中路', '294号', '金山花园', '3号楼', '2单元', '501室']);
  assert.ok(a.standard.startsWith('鼓楼区东街街道'), a.standard);
  const h = await t.as('handler.350102004');
  assert.equal((await h('POST', '/api/v1/assist/address', { address: '杨桥中路1号' })).statusCode, 403);
  for (const body of [{}, { address: '' }, { address: 'x'.repeat(501) }, { address: { text: 'a' } }]) {
    const bad = await op('POST', '/api/v1/assist/address', body);
    assert.equal(bad.statusCode, 400, JSON.stringify(body));
    assertProblem(bad, JSON.stringify(body));
  }
});
