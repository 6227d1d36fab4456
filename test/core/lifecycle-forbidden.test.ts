// Every forbidden transition, generated from the TRANSITIONS table (not listed by hand):
// - every action × every state not in its `from` → 409 invalid_transition (by a role that may take it);
// - every action × every role not in its `roles` → 403 forbidden.
// Each refusal must change nothing: version, status, supervised flag and event count stay as they were,
// and allowedActions never offers the refused action.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { STATES, TRANSITIONS, type State } from '../../src/modules/orders/lifecycle';
import { ROLES, type Role } from '../../src/modules/users/roles';
import { DEPT_USER, expectProblem, USER_OF_ROLE, World, type Order } from './_support';

const UNIT_ROLES: Role[] = ['handler', 'unit_leader', 'grid_worker'];
/** Fixture states whose order never reached a unit (no assignment): invisible to every unit user. */
const UNASSIGNED: State[] = ['registered', 'answered', 'merged'];
/** The dispatched fixture is not sub-dispatched yet, so the community's grid worker cannot see it. */
const visibleTo = (role: Role, s: State) => !UNIT_ROLES.includes(role) || (!UNASSIGNED.includes(s) && !(role === 'grid_worker' && s === 'dispatched'));

let w: World;
const fixture = new Map<State, Order>();
const initial = new Map<State, Awaited<ReturnType<World['snapshot']>>>();

before(async () => {
  w = await World.open();
  for (const s of STATES) fixture.set(s, await w.reach(s));
  for (const [s, o] of fixture) initial.set(s, await w.snapshot(o.id));
});
after(async () => {
  await w?.close();
});

async function assertUnchanged(s: State) {
  assert.deepEqual(await w.snapshot(fixture.get(s)!.id), initial.get(s), `the ${s} fixture order changed`);
}

test('the fixture has an order in every state, visible exactly as constructed', async () => {
  for (const s of STATES) {
    const o = fixture.get(s)!;
    assert.equal((await w.get(o.id)).status, s);
    for (const role of ROLES) {
      const c = await w.as(USER_OF_ROLE[role]);
      const res = await c('GET', `/api/v1/orders/${o.id}`);
      if (visibleTo(role, s)) assert.equal(res.statusCode, 200, `${role} should see the ${s} order: ${res.body}`);
      else expectProblem(res, 404, 'order_not_found');
    }
  }
});

describe('wrong state → 409 invalid_transition (every action × every state outside its from)', () => {
  for (const t of TRANSITIONS) {
    const wrong = STATES.filter((s) => !t.from.includes(s));
    for (const s of wrong) {
      // Prefer a unit role for unit actions (it is also in scope: the fixture orders are STREET's).
      const role = t.roles[0];
      test(`${t.action} on a ${s} order by ${role}`, async () => {
        const o = fixture.get(s)!;
        const res = await w.act(USER_OF_ROLE[role], o, t.action, w.body(t.action, t.action === 'merge' ? { parentId: fixture.get('dispatched')!.id } : {}));
        if (t.scope === 'summoned') {
          // No order in a state outside `from` can hold an open whistle (a return or invalidation ends it), so no
          // summoned unit can see one: the department gets 404, and the street (never summoned) 403.
          expectProblem(await w.act(DEPT_USER.handler, o, t.action, w.body(t.action)), 404, 'order_not_found');
          if (visibleTo(role, s)) expectProblem(res, 403, 'forbidden');
          else expectProblem(res, 404, 'order_not_found');
        } else if (visibleTo(role, s)) {
          const p = expectProblem(res, 409, 'invalid_transition');
          assert.match(p.detail, new RegExp(s));
          const seen = await w.get(o.id, USER_OF_ROLE[role]);
          assert.ok(!seen.allowedActions.includes(t.action));
        } else {
          // A unit cannot see an order that never reached it: the answer is the same as for a missing order.
          expectProblem(res, 404, 'order_not_found');
        }
        await assertUnchanged(s);
      });
    }
  }
});

describe('wrong role → 403 forbidden (every action × every role outside its roles)', () => {
  for (const t of TRANSITIONS) {
    for (const role of ROLES.filter((r) => !t.roles.includes(r))) {
      test(`${t.action} by ${role}`, async () => {
        // An order in a state the action allows, if this user can see one; otherwise any order it can see
        // (the role is checked before the state, so the answer is still 403).
        const s = t.from.find((x) => visibleTo(role, x)) ?? STATES.find((x) => visibleTo(role, x))!;
        const o = fixture.get(s)!;
        const res = await w.act(USER_OF_ROLE[role], o, t.action, w.body(t.action, t.action === 'merge' ? { parentId: fixture.get('dispatched')!.id } : {}));
        expectProblem(res, 403, 'forbidden');
        const seen = await w.get(o.id, USER_OF_ROLE[role]);
        assert.ok(!seen.allowedActions.includes(t.action), `${role} is offered ${t.action}`);
        await assertUnchanged(s);
      });
    }
  }
});

test('after all refusals every fixture order is exactly as it was', async () => {
  for (const s of STATES) await assertUnchanged(s);
});
