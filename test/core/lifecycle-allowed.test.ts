// Every allowed transition of the lifecycle table, generated from TRANSITIONS: for each action, each
// of its `from` states and each of its roles, a fresh order is driven to that state through the API
// and the action must succeed, land in an allowed target state, bump the version by one and append
// the action's event. The console's allowedActions must offer the action beforehand.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TRANSITIONS, type Action, type State } from '../../src/modules/orders/lifecycle';
import type { Role } from '../../src/modules/users/roles';
import { COMMUNITY, DEPT_USER, DISTRICT_USER, USER_OF_ROLE, World, type Order } from './_support';

/** The event each action appends (from the event vocabulary, src/shared/events.ts). */
const EVENT_OF: Record<Action, string> = {
  answer: 'answered', dispatch: 'dispatched', sign: 'signed', contact: 'contacted', subdispatch: 'subdispatched', reply: 'replied',
  return: 'return_requested', 'return/approve': 'return_approved', 'return/reject': 'return_rejected', extension: 'extension_requested',
  'extension/approve': 'extension_approved', 'extension/reject': 'extension_rejected', callback: 'callback_recorded', reopen: 'reopened',
  close: 'closed', merge: 'merged', invalidate: 'invalidated', list: 'listed', supervise: 'supervised',
  exemption: 'exemption_requested', 'exemption/approve': 'exemption_approved', 'exemption/reject': 'exemption_rejected',
  whistle: 'whistle_blown', 'whistle/report': 'whistle_reported', 'whistle/rate': 'whistle_rated',
  petition: 'petition_linked', mediation: 'mediation_referred', 'mediation/outcome': 'mediation_concluded',
  escalate: 'escalation_requested', 'escalation/answer': 'escalation_answered',
};

let w: World;
before(async () => {
  w = await World.open();
});
after(async () => {
  await w?.close();
});

/** Prepares the order so the action's own preconditions hold, and returns the body to send. */
async function prepare(action: Action, state: State, role: Role): Promise<{ order: Order; body: Record<string, unknown> }> {
  // Sub-dispatching twice to the same community is not what we test here.
  // Report and rate need an open whistle (rating before the report-by time needs every unit's report).
  let order = action === 'whistle/report' || action === 'whistle/rate' ? await w.reachWhistled(state, { reported: action === 'whistle/rate' }) : await w.reach(state, { sub: action !== 'subdispatch' });
  // The coordination answer needs an open request (to the district; the centre's roles answer for any level).
  if (action === 'escalation/answer') order = await w.reachEscalated(state);
  let body = w.body(action);
  if (action === 'extension/approve' || action === 'extension/reject') order = await w.do(USER_OF_ROLE.handler, order, 'extension', w.body('extension'));
  if (action === 'exemption/approve' || action === 'exemption/reject') order = await w.do(USER_OF_ROLE.handler, order, 'exemption', w.body('exemption'));
  if (action === 'mediation/outcome') order = await w.do(USER_OF_ROLE.handler, order, 'mediation', w.body('mediation'));
  if (action === 'merge') body = { parentId: (await w.create({ title: '父工单' })).id };
  if (role === 'grid_worker') assert.ok(order.assignments.some((a: { unitId: number; active: boolean }) => a.active && a.unitId === w.units.id(COMMUNITY)));
  return { order, body };
}

const cases: { action: Action; from: State; role: Role; to: readonly State[] | 'same' }[] = [];
for (const t of TRANSITIONS) for (const from of t.from) for (const role of t.roles) cases.push({ action: t.action, from, role, to: t.to });

describe('every allowed (action, from state, role) of the lifecycle table succeeds through the API', () => {
  test('the table is not empty and covers every action', () => {
    assert.equal(new Set(cases.map((c) => c.action)).size, TRANSITIONS.length);
    assert.ok(cases.length > TRANSITIONS.length);
  });

  for (const c of cases) {
    test(`${c.action} from ${c.from} by ${c.role}`, async () => {
      const { order, body } = await prepare(c.action, c.from, c.role);
      assert.equal(order.status, c.from);
      // The report comes from the summoned department; every other action from the fixture's street (or the centre).
      const user = c.action === 'whistle/report' ? DEPT_USER[c.role as keyof typeof DEPT_USER]
        : c.action === 'escalation/answer' && c.role in DISTRICT_USER ? DISTRICT_USER[c.role as keyof typeof DISTRICT_USER] : USER_OF_ROLE[c.role];
      const seen = await w.get(order.id, user);
      assert.ok(seen.allowedActions.includes(c.action), `allowedActions for ${user} on a ${c.from} order: ${seen.allowedActions.join(', ')}`);
      const before = await w.snapshot(order.id);
      const res = await w.act(user, order, c.action, body);
      assert.equal(res.statusCode, 200, res.body);
      const after = res.json() as Order;
      const allowedTargets = c.to === 'same' ? [c.from] : c.to;
      assert.ok(allowedTargets.includes(after.status as State), `${c.action} led to ${after.status}; table allows ${allowedTargets.join(', ')}`);
      assert.equal(after.version, order.version + 1);
      const snap = await w.snapshot(order.id);
      assert.equal(snap.version, before.version + 1);
      assert.equal(snap.status, after.status);
      const events = (await w.events(order.id)).slice(before.events);
      assert.ok(events.length >= 1);
      assert.ok(events.some((e) => e.type === EVENT_OF[c.action]), `events appended: ${events.map((e) => e.type).join(', ')}`);
    });
  }
});
