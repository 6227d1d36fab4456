import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from './helpers/app';
import { seedDemo } from '../src/modules/org/seed-demo';

test('demo seeding runs once even when two starters race, and never touches a database that has units', async () => {
  const t = await createTestApp({ seed: false });
  try {
    const [a, b] = await Promise.all([seedDemo(t.s), seedDemo(t.s)]);
    assert.equal([a, b].filter((r) => r.created).length, 1);
    const { rows } = await t.s.db.query<{ units: number; users: number; codes: number }>(
      `select (select count(*)::int from units) as units, (select count(*)::int from users where username = 'operator') as users, (select count(distinct code)::int from units) as codes`,
    );
    assert.equal(rows[0].users, 1);
    assert.equal(rows[0].units, rows[0].codes);
    assert.equal((await seedDemo(t.s)).created, false);
  } finally {
    await t.close();
  }
});

test('order numbering survives a second database in the same process and a dropped day sequence', async () => {
  const a = await createTestApp();
  const b = await createTestApp();
  try {
    for (const t of [a, b, a]) {
      const op = await t.as('operator');
      const r = await op('POST', '/api/v1/orders', { channel: 'phone', type: 'help', title: '路灯不亮', requester: { name: '甲', phone: '13800000000' } });
      assert.equal(r.statusCode, 201, r.body);
    }
    const { rows } = await a.s.db.query<{ relname: string }>(`select relname from pg_class where relkind = 'S' and relname like 'order_seq_%'`);
    await a.s.db.query(`drop sequence ${rows[0].relname}`);
    const op = await a.as('operator');
    const r = await op('POST', '/api/v1/orders', { channel: 'phone', type: 'help', title: '井盖缺失', requester: { name: '乙', phone: '13800000001' } });
    assert.equal(r.statusCode, 201, r.body);
  } finally {
    await a.close();
    await b.close();
  }
});
