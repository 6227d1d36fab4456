// Scope rows (order_scope) are kept by triggers on the assignments and on the unit tree. Whatever happens to an
// order — dispatch, sub-dispatch, return and re-dispatch, whistle, escalation, direct SQL on its assignments, a unit
// moved in the tree — they must equal the scope's definition: every ancestor-or-self of every unit holding an
// active assignment. And a unit user's list, read through them, must equal the list read by that definition.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEPT, OTHER_STREET, STREET, USER_OF_ROLE, World, expectOk, type Order } from './_support';

let w: World;
before(async () => {
  w = await World.open();
});
after(() => w?.close());

/** The scope by its definition (a prefix match on unit paths), as sorted "unit:order:created" keys. */
async function definedScope(): Promise<string[]> {
  const { rows } = await w.t.s.db.query<{ k: string }>(
    `select distinct u.id || ':' || a.order_id || ':' || extract(epoch from o.created_at)::text as k
       from order_assignments a join units au on au.id = a.unit_id join units u on au.path like u.path || '%'
       join orders o on o.id = a.order_id where a.active order by 1`,
  );
  return rows.map((r) => r.k);
}
async function keptScope(): Promise<string[]> {
  const { rows } = await w.t.s.db.query<{ k: string }>(
    `select unit_id || ':' || order_id || ':' || extract(epoch from created_at)::text as k from order_scope order by 1`,
  );
  return rows.map((r) => r.k);
}

const SEED = Number(process.env.MINHU_FUZZ_SEED ?? Date.now() % 2 ** 31);

test('scope rows equal the scope definition after a random mix of flows and direct changes to assignments', async (tc) => {
  tc.diagnostic(`seed ${SEED} (replay: MINHU_FUZZ_SEED=${SEED})`);
  const units = (await w.t.s.db.query<{ id: number }>(`select id from units where type in ('street','town','department','community','company','property') order by id`)).rows.map((r) => r.id);
  const flows: Record<string, () => Promise<unknown>> = {
    dispatched: () => w.reach('dispatched'),
    accepted: () => w.reach('accepted'),
    returned: () => w.reach('return_requested'),
    closed: () => w.reach('closed'),
    reopened: () => w.reach('reopened'),
    whistled: () => w.reachWhistled('accepted', { reported: true }),
    escalated: () => w.reachEscalated('accepted'),
    redispatched: async () => {
      let o: Order = await w.reach('return_requested', { returnFrom: 'dispatched' });
      o = await w.do('dispatcher', o, 'return/approve', { version: o.version, mainUnitId: w.units.id(OTHER_STREET), note: '改派' });
      return o;
    },
    registered: () => w.create(),
  };
  const sqlChanges: ((orderId: number, unitId: number) => Promise<unknown>)[] = [
    (o, u) => w.t.s.db.query(`insert into order_assignments (order_id, unit_id, role, active, assigned_at) values ($1, $2, 'copy', true, now())`, [o, u]),
    (o) => w.t.s.db.query(`update order_assignments set active = false where id = (select max(id) from order_assignments where order_id = $1)`, [o]),
    (o) => w.t.s.db.query(`update order_assignments set active = true where order_id = $1`, [o]),
    (o, u) => w.t.s.db.query(`update order_assignments set unit_id = $2 where id = (select min(id) from order_assignments where order_id = $1)`, [o, u]),
    (o) => w.t.s.db.query(`delete from order_assignments where id = (select max(id) from order_assignments where order_id = $1 and role = 'copy')`, [o]),
  ];
  const orderIds: number[] = [];
  await fc.assert(fc.asyncProperty(
    fc.array(fc.oneof(
      fc.constantFrom(...Object.keys(flows)).map((f) => ({ kind: 'flow' as const, f })),
      fc.record({ kind: fc.constant('sql' as const), change: fc.nat(sqlChanges.length - 1), order: fc.nat(), unit: fc.nat() }),
    ), { minLength: 1, maxLength: 8 }),
    async (steps) => {
      for (const s of steps) {
        if (s.kind === 'flow') {
          const o = (await flows[s.f]()) as Order;
          orderIds.push(o.id);
        } else if (orderIds.length) {
          await sqlChanges[s.change](orderIds[s.order % orderIds.length], units[s.unit % units.length]);
        }
      }
      assert.deepEqual(await keptScope(), await definedScope());
    },
  ), { seed: SEED, numRuns: 6, endOnFailure: true });
  // the flows reached the handlers, so scope rows exist
  assert.ok((await keptScope()).length > 0);
});

test('moving a unit in the tree moves the scope of the orders assigned under it', async () => {
  const o = await w.reach('accepted', { sub: true });
  const community = (await w.t.s.db.query<{ id: number; path: string; parent_id: number }>(
    `select u.id, u.path, u.parent_id from order_assignments a join units u on u.id = a.unit_id where a.order_id = $1 and a.active and a.role = 'sub'`, [o.id])).rows[0];
  assert.ok(community, 'the order was sub-dispatched to a community');
  const other = (await w.t.s.db.query<{ id: number; path: string }>('select id, path from units where id = $1', [w.units.id(OTHER_STREET)])).rows[0];
  // re-parent the community (and its own subtree) under the other street, as a reorganisation would
  await w.t.s.db.query(`update units set path = $1 || substr(path, length($2) + 1), parent_id = case when id = $3 then $4 else parent_id end where path like $2 || '%'`,
    [`${other.path}${community.id}/`, community.path, community.id, other.id]);
  assert.deepEqual(await keptScope(), await definedScope());
  const seen = (await w.t.s.db.query<{ unit_id: number }>('select unit_id from order_scope where order_id = $1', [o.id])).rows.map((r) => r.unit_id);
  assert.ok(seen.includes(other.id), 'the new parent street sees the order through its community');
  // and back again
  await w.t.s.db.query(`update units set path = $1 || substr(path, length($2) + 1), parent_id = case when id = $3 then $4 else parent_id end where path like $2 || '%'`,
    [community.path, `${other.path}${community.id}/`, community.id, community.parent_id]);
  assert.deepEqual(await keptScope(), await definedScope());
  assert.ok(!(await w.t.s.db.query<{ unit_id: number }>('select unit_id from order_scope where order_id = $1', [o.id])).rows.some((r) => r.unit_id === other.id));
});

test('a unit user list read through scope rows equals the list by the scope definition, with filters and pages', async () => {
  // orders for several units, some registered by the street's own handler
  for (let i = 0; i < 6; i++) await w.reach(i % 2 ? 'accepted' : 'dispatched');
  await w.reachWhistled('accepted', { reported: true });
  const handler = await w.as(USER_OF_ROLE.handler);
  await handler('POST', '/api/v1/orders', { ...(await import('../../bench/lib/orders')).orderBody(0), title: '街道自己登记的工单' });
  const definedIds = async (username: string, where: string, params: unknown[], limit: number, offset: number) => {
    const u = (await w.t.s.users.byUsername(username))!;
    const { rows } = await w.t.s.db.query<{ id: number }>(
      `select o.id from orders o where (o.created_by = $1 or exists (select 1 from order_assignments a join units au on au.id = a.unit_id
          where a.order_id = o.id and a.active and au.path like $2 || '%')) ${where}
        order by o.created_at desc, o.id desc limit ${limit} offset ${offset}`, [u.id, u.unitPath, ...params]);
    return rows.map((r) => r.id);
  };
  const total = async (username: string, where: string, params: unknown[]) => (await definedIds(username, where, params, 100_000, 0)).length;
  const cases: [string, string, string, unknown[]][] = [
    [USER_OF_ROLE.handler, '', '', []],
    [USER_OF_ROLE.handler, 'status=accepted', `and o.status = any($3)`, [['accepted']]],
    [USER_OF_ROLE.handler, 'pageSize=3&page=2', '', []],
    [`handler.${DEPT}`, '', '', []],
    [`head.${STREET}`, 'pageSize=2&page=3', '', []],
  ];
  for (const [user, qs, where, params] of cases) {
    const c = await w.as(user);
    const page = expectOk(await c('GET', `/api/v1/orders?${qs}`)) as unknown as { items: { id: number }[]; total: number; page: number; pageSize: number };
    const ids = await definedIds(user, where, params, page.pageSize, (page.page - 1) * page.pageSize);
    assert.deepEqual(page.items.map((i) => i.id), ids, `${user} ?${qs}`);
    assert.equal(page.total, await total(user, where, params), `${user} ?${qs} total`);
    assert.ok(page.total > 0, `${user} ?${qs} sees orders`);
  }
});
