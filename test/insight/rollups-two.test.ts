// Two instances on one PostgreSQL database change orders at the same time while a rebuild runs in the middle:
// afterwards the rollups equal the counts from the orders (and a second rebuild changes nothing).
// PostgreSQL only (PGlite is one process's database).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/app';
import { openPostgres } from '../../src/db/postgres';
import { buildServices, type Services } from '../../src/services';
import type { Db } from '../../src/db';
import { rng } from './_truth';

let t: TestApp;
let db2: Db | null = null;
let s2: Services;
const skip = process.env.MINHU_TEST_DATABASE_URL ? false : 'needs server PostgreSQL (MINHU_TEST_DATABASE_URL)';

before(async () => {
  if (skip) return;
  t = await createTestApp({ start: '2026-06-01T09:00:00+08:00' });
  db2 = await openPostgres(t.tdb.url!, 4);
  s2 = buildServices(db2, t.clock, t.s.config);
});
after(async () => {
  await db2?.close();
  await t?.close();
});

const snapshot = async (db: Db, fromOrders: boolean) =>
  (await db.query(fromOrders
    ? `select to_char((created_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as day, coalesce(main_unit_id, 0) as u, coalesce(category_id, 0) as c, channel, type, status, count(*)::int as n
       from orders group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`
    : `select to_char(day, 'YYYY-MM-DD') as day, unit_id as u, category_id as c, channel, type, status, n from insight_daily where n <> 0 order by 1, 2, 3, 4, 5, 6`)).rows.map((r) => JSON.stringify(r));

test('concurrent changes on two instances and a rebuild in the middle: rollups equal the orders', { skip }, async () => {
  const services = [t.s, s2];
  const by = async (s: Services, u: string) => (await s.users.byUsername(u))!;
  const streets = ['350102004', '350102005', '350102006'];
  const { rows: units } = await t.s.db.query<{ id: number; code: string }>('select id, code from units where code = any($1::text[])', [streets]);
  const leaves = (await t.s.catalog.list()).items.filter((c) => c.level === 3).slice(0, 5).map((c) => c.id);
  async function worker(k: number) {
    const rand = rng(100 + k);
    const s = services[k % 2];
    const op = await by(s, 'operator');
    const disp = await by(s, 'dispatcher');
    for (let i = 0; i < 8; i++) {
      const o = await s.orders.create(op, { channel: rand() < 0.5 ? 'phone' : 'web', type: 'complaint', title: `并发测试${k}-${i}`, description: '并发', requester: { name: '甲', phone: '13900001234' } } as never);
      if (rand() < 0.2) continue;
      const unit = units[Math.floor(rand() * units.length)];
      let cur = await s.orders.act(disp, o.id, 'dispatch', { version: o.version, mainUnitId: unit.id, tier: 3, categoryId: leaves[Math.floor(rand() * leaves.length)] });
      if (rand() < 0.3) continue;
      const h = await by(s, `handler.${unit.code}`);
      cur = await s.orders.act(h, o.id, 'sign', { version: cur.version });
      if (rand() < 0.5) cur = await s.orders.act(h, o.id, 'reply', { version: cur.version, result: '已处理', replyToRequester: '已处理' });
    }
  }
  const rebuild = (async () => {
    await new Promise((r) => setTimeout(r, 300));
    return s2.insight.rebuild();
  })();
  await Promise.all([...Array.from({ length: 6 }, (_, k) => worker(k)), rebuild]);
  const live = await snapshot(t.s.db, false);
  assert.deepEqual(live, await snapshot(t.s.db, true));
  assert.ok(live.length > 5);
  await t.s.insight.rebuild();
  assert.deepEqual(await snapshot(t.s.db, false), live);
});
