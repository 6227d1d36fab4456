import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from './helpers/app';
import { leafId } from './helpers/catalog';

test('the whole loop through the API as the demo users', async () => {
  const t = await createTestApp();
  try {
    const op = await t.as('operator');
    const created = await op('POST', '/api/v1/orders', { channel: 'phone', type: 'complaint', title: '楼下餐馆油烟扰民', description: '每天晚上油烟很大', address: '鼓楼区东街', requester: { name: '赵先生', phone: '13812341234' }, categoryId: await leafId(t.s.db) });
    assert.equal(created.statusCode, 201, created.body);
    let o = created.json();
    assert.match(o.number, /^20260302\d{6}$/);
    const street = (await op('GET', '/api/v1/units')).json().items.find((u: { code: string }) => u.code === '350102004');
    const disp = await t.as('dispatcher');
    o = (await disp('POST', `/api/v1/orders/${o.id}/dispatch`, { version: o.version, mainUnitId: street.id, tier: 3 })).json();
    assert.equal(o.status, 'dispatched');
    const h = await t.as('handler.350102004');
    o = (await h('POST', `/api/v1/orders/${o.id}/sign`, { version: o.version })).json();
    assert.equal(o.status, 'accepted');
    assert.equal(o.requester.phone, '138****1234');
    o = (await h('POST', `/api/v1/orders/${o.id}/contact`, { version: o.version, note: '已联系' })).json();
    o = (await h('POST', `/api/v1/orders/${o.id}/reply`, { version: o.version, result: '已处理', replyToRequester: '已整改' })).json();
    assert.equal(o.status, 'replied');
    const cb = await t.as('callback');
    const r = await cb('POST', `/api/v1/orders/${o.id}/callback`, { version: o.version, outcome: 'done', contacted: true, resolution: 'resolved', satisfaction: 'satisfied' });
    assert.equal(r.statusCode, 200, r.body);
    o = r.json();
    assert.equal(o.status, 'closed');
    assert.deepEqual(o.events.map((e: { type: string }) => e.type), ['registered', 'dispatched', 'signed', 'contacted', 'replied', 'callback_recorded', 'closed']);
  } finally {
    await t.close();
  }
});
