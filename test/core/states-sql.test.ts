// One home for the state lists: the database's CHECK on orders.status and the partial indexes that name
// states must say exactly what orders/lifecycle.ts says (migrations are plain SQL, so this test is the link).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb, type TestDb } from '../helpers/db';
import { CLOCKED_STATES, OPEN_STATES, STATES } from '../../src/modules/orders/lifecycle';

let t: TestDb;
before(async () => {
  t = await openTestDb();
});
after(() => t.close());

/** The quoted words of an SQL definition, in order of appearance, without duplicates. */
const quoted = (sql: string) => [...new Set([...sql.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]))].sort();

test('the CHECK on orders.status allows exactly the lifecycle states', async () => {
  const { rows } = await t.db.query<{ def: string }>(`select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'orders_status_check'`);
  assert.equal(rows.length, 1);
  assert.deepEqual(quoted(rows[0].def), [...STATES].sort());
  await assert.rejects(
    t.db.query(`insert into orders (number, channel, type, title, status, created_at, updated_at) values ('X1', 'phone', 'help', 't', 'lost', now(), now())`),
    (e: { code?: string }) => e.code === '23514',
  );
});

test('partial indexes over running clocks and open orders name the lifecycle lists', async () => {
  const idx = async (name: string) => (await t.db.query<{ def: string }>(`select indexdef as def from pg_indexes where indexname = $1`, [name])).rows[0]?.def ?? '';
  assert.deepEqual(quoted(await idx('orders_resolve_due_idx')), [...CLOCKED_STATES].sort());
  const { rows } = await t.db.query<{ name: string; def: string }>(`select indexname as name, indexdef as def from pg_indexes where tablename = 'orders' and indexdef like '%registered%'`);
  assert.ok(rows.length > 0, 'the duplicate-candidate indexes cover open orders');
  for (const r of rows) assert.deepEqual(quoted(r.def.slice(r.def.indexOf('WHERE'))), [...OPEN_STATES].sort(), r.name);
});
