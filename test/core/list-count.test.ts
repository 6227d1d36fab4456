// The order list counts matching orders up to a cap and says when it stopped (a megacity's year is not counted
// row by row on every page view); below the cap the total is exact.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { listOrders } from '../../src/modules/orders/orders.list';
import { expectOk, World } from './_support';

let w: World;
before(async () => {
  w = await World.open();
});
after(() => w?.close());

test('list totals: exact below the cap, capped and marked above it', async () => {
  for (let i = 0; i < 5; i++) await w.create({ title: `计数测试 ${i}` });
  const op = await w.as('operator');
  const page = expectOk(await op('GET', '/api/v1/orders?q=计数测试&pageSize=2')) as unknown as { total: number; totalCapped: boolean; items: unknown[] };
  assert.deepEqual([page.total, page.totalCapped, page.items.length], [5, false, 2]);
  const user = (await w.t.s.users.byUsername('operator'))!;
  const capped = await listOrders(w.t.s.db, user, { q: '计数测试', page: 1, pageSize: 2 }, w.t.clock.now(), w.t.s.config.timezone, 3);
  assert.deepEqual([capped.total, capped.totalCapped, capped.items.length], [3, true, 2]);
  const exact = await listOrders(w.t.s.db, user, { q: '计数测试', page: 1, pageSize: 2 }, w.t.clock.now(), w.t.s.config.timezone, 5);
  assert.deepEqual([exact.total, exact.totalCapped], [5, false]);
});

test('the centre searches orders by phone; every search is audited with the phone masked; units may not', async () => {
  const o = await w.create({ title: '按电话查询', requester: { name: '丙', phone: '13611112222' } });
  const op = await w.as('operator');
  const r = expectOk(await op('GET', '/api/v1/orders?phone=13611112222')) as unknown as { items: { id: number }[]; total: number };
  assert.deepEqual(r.items.map((i) => i.id), [o.id]);
  const { rows } = await w.t.s.db.query<{ action: string; detail: { phone: string; matched: number } }>(`select action, detail from audit_log where action = 'search_phone' order by id`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].detail.matched, 1);
  assert.ok(!JSON.stringify(rows[0].detail).includes('13611112222'), 'the audit keeps the phone masked');
  const h = await w.as('handler.350102004');
  assert.equal((await h('GET', '/api/v1/orders?phone=13611112222')).statusCode, 403);
  assert.equal((await w.t.s.db.query(`select 1 from audit_log where action = 'search_phone'`)).rows.length, 1, 'a refused search is not a search');
});
