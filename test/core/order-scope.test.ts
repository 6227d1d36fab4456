// Issue 17: who sees an order is kept as rows (order_scope, migration 0034) by triggers on order_assignments and
// units. After a random mix of assignment writes (single and multi-row inserts, deactivations, reactivations,
// deletes) and a unit moved under another parent, the rows equal the rule recomputed from scratch: every unit on
// the path of a unit with an active assignment. And a unit's list — which now starts from those rows — holds
// exactly the orders the path rule gives, plus what the user registered, newest first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMUNITY, DEPT, DISTRICT, expectOk, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from './_support';
import { rng } from '../../bench/lib/prng';

let w: World;
const orderIds: number[] = [];

before(async () => {
  w = await World.open();
  await w.createUser('scope.district', 'handler', DISTRICT);
  for (let i = 0; i < 30; i++) orderIds.push((await w.create({ title: `可见范围测试-${i}` }, i % 3 === 0 ? USER_OF_ROLE.grid_worker : 'operator')).id);
});
after(async () => {
  await w?.close();
});

const ROLES = ['main', 'co', 'copy', 'sub', 'whistle', 'escalation'];

/** order_scope as the triggers keep it, and the rule computed from the assignments and the units' paths. */
async function compare(where: string) {
  const db = w.t.s.db;
  const kept = (await db.query<{ k: string }>(`select s.unit_id || ':' || s.order_id || ':' || (s.created_at = o.created_at) as k from order_scope s join orders o on o.id = s.order_id order by 1`)).rows.map((r) => r.k);
  const rule = (await db.query<{ k: string }>(
    `select distinct anc.id || ':' || a.order_id || ':true' as k from order_assignments a join units u on u.id = a.unit_id
     join units anc on u.path like anc.path || '%' where a.active order by 1`,
  )).rows.map((r) => r.k);
  assert.deepEqual(kept, rule, `order_scope differs from the rule after ${where}`);
}

test('order_scope equals the path rule after a random mix of assignment writes and a unit moved', async () => {
  const db = w.t.s.db;
  const r = rng(20261202);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const unitIds = w.units.all.filter((u) => u.type !== 'district').map((u) => u.id);
  await compare('registration');
  for (let step = 1; step <= 240; step++) {
    const k = r();
    if (k < 0.4) {
      const n = 1 + Math.floor(r() * 3);
      const rows = Array.from({ length: n }, () => [pick(orderIds), pick(unitIds), pick(ROLES), r() < 0.85]);
      await db.query(
        `insert into order_assignments (order_id, unit_id, role, active, assigned_at) select * , now() from unnest($1::int[], $2::int[], $3::text[], $4::bool[])`,
        [rows.map((x) => x[0]), rows.map((x) => x[1]), rows.map((x) => x[2]), rows.map((x) => x[3])],
      );
    } else if (k < 0.6) {
      await db.query('update order_assignments set active = false where order_id = $1 and active and ($2 or role = $3)', [pick(orderIds), r() < 0.5, pick(ROLES)]);
    } else if (k < 0.75) {
      await db.query('update order_assignments set active = true where id in (select id from order_assignments where not active order by id limit 2 offset $1)', [Math.floor(r() * 10)]);
    } else if (k < 0.85) {
      await db.query('update order_assignments set unit_id = $2 where id = (select id from order_assignments where order_id = $1 order by id desc limit 1)', [pick(orderIds), pick(unitIds)]);
    } else {
      await db.query('delete from order_assignments where id in (select id from order_assignments where order_id = any($1::int[]) order by id desc limit 2)', [[pick(orderIds), pick(orderIds)]]);
    }
    if (step % 20 === 0) await compare(`${step} random writes`);
  }
  // The community moves to another street, its grids with it (their paths in the same statement).
  const community = w.units.all.find((u) => u.code === COMMUNITY)!;
  const other = w.units.all.find((u) => u.code === OTHER_STREET)!;
  await db.query('insert into order_assignments (order_id, unit_id, role, active, assigned_at) values ($1, $2, $3, true, now())', [orderIds[0], community.id, 'sub']);
  await db.query(`update units set parent_id = case when id = $1 then $2 else parent_id end, path = $3 || substr(path, length($4) + 1) where path like $4 || '%'`, [community.id, other.id, `${other.path}${community.id}/`, community.path]);
  await compare('a community moved to another street');
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from order_scope where order_id = $1 and unit_id = $2', [orderIds[0], other.id]);
  assert.equal(rows[0].n, 1, 'the new street sees its new community’s order');
  // Move it back, so the list test below sees the demo district.
  await db.query(`update units set parent_id = case when id = $1 then $2 else parent_id end, path = $3 || substr(path, length($4) + 1) where path like $4 || '%'`, [community.id, community.parentId, community.path, `${other.path}${community.id}/`]);
  await compare('the community moved back');
});

test('a unit’s list holds exactly the orders the path rule and the registrant rule give, newest first', async () => {
  const db = w.t.s.db;
  for (const who of [`handler.${STREET}`, USER_OF_ROLE.grid_worker, `handler.${DEPT}`, 'scope.district', `handler.${OTHER_STREET}`]) {
    const user = await w.t.s.users.byUsername(who);
    assert.ok(user, `no user ${who}`);
    const unit = w.units.all.find((u) => u.id === user.unitId)!;
    const expected = (await db.query<{ id: number }>(
      `select o.id from orders o where o.created_by = $2 or exists (select 1 from order_assignments a join units u on u.id = a.unit_id
         where a.order_id = o.id and a.active and u.path like $1 || '%') order by o.created_at desc, o.id desc`,
      [unit.path, user.id],
    )).rows.map((x) => x.id);
    const res = expectOk(await (await w.as(who))('GET', '/api/v1/orders?pageSize=200'));
    assert.deepEqual(res.items.map((o: Order) => o.id), expected.slice(0, 200), `${who}'s list`);
    assert.equal(res.total, expected.length, `${who}'s total`);
    // The centre's unit filter gives the same subtree (without the registrant rule).
    const byUnit = expectOk(await (await w.as('dispatcher'))('GET', `/api/v1/orders?pageSize=200&unitId=${unit.id}`)).items.map((o: Order) => o.id);
    const subtree = (await db.query<{ id: number }>(
      `select o.id from orders o where exists (select 1 from order_assignments a join units u on u.id = a.unit_id
         where a.order_id = o.id and a.active and u.path like $1 || '%') order by o.created_at desc, o.id desc limit 200`,
      [unit.path],
    )).rows.map((x) => x.id);
    assert.deepEqual(byUnit, subtree, `the centre's list of unit ${unit.code}`);
  }
});
