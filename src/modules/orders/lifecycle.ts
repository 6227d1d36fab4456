// The order lifecycle as data: (from states, action, roles, scope) → allowed target states.
// `checkTransition` is the one place every action is checked.
import { fail } from '../../shared/errors';
import type { Role } from '../users/roles';

export const STATES = ['registered', 'answered', 'dispatched', 'accepted', 'return_requested', 'replied', 'reopened', 'closed', 'merged', 'invalid', 'listed'] as const;
export type State = (typeof STATES)[number];

/** States in which the order is still being worked on. */
export const OPEN_STATES: readonly State[] = ['registered', 'dispatched', 'accepted', 'return_requested', 'replied', 'reopened', 'listed'];
/** States in which a deadline clock runs (it stops at reply and is off for 挂账). */
export const CLOCKED_STATES: readonly State[] = ['dispatched', 'accepted', 'return_requested', 'reopened'];

export const ACTIONS = [
  'answer', 'dispatch', 'sign', 'contact', 'subdispatch', 'reply', 'return', 'return/approve', 'return/reject',
  'extension', 'extension/approve', 'extension/reject', 'callback', 'reopen', 'close', 'merge', 'invalidate', 'list', 'supervise',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Who may act, besides the role:
 * - `visible`: anyone with the role who can see the order (the centre sees everything);
 * - `main`: the main handling unit or a unit above it;
 * - `involved`: the main, a co-handling or a sub-dispatched unit (or a unit above one of them).
 */
export type Scope = 'visible' | 'main' | 'involved';

export interface Transition {
  action: Action;
  from: readonly State[];
  roles: readonly Role[];
  scope: Scope;
  /** 'same' = a side process that leaves the state as it is. Several targets: the service picks by the outcome. */
  to: readonly State[] | 'same';
}

const CENTRE_INTAKE: Role[] = ['operator', 'dispatcher', 'admin'];
const DISPATCH: Role[] = ['dispatcher', 'operator', 'admin'];
const UNIT: Role[] = ['handler', 'unit_leader'];
const DECIDE: Role[] = ['dispatcher', 'supervisor', 'admin'];
const CALLBACK: Role[] = ['callback_agent', 'supervisor', 'admin'];

export const TRANSITIONS: readonly Transition[] = [
  { action: 'answer', from: ['registered'], roles: ['operator', 'admin'], scope: 'visible', to: ['answered'] },
  { action: 'dispatch', from: ['registered'], roles: DISPATCH, scope: 'visible', to: ['dispatched'] },
  { action: 'sign', from: ['dispatched'], roles: UNIT, scope: 'main', to: ['accepted'] },
  { action: 'contact', from: ['accepted', 'reopened'], roles: [...UNIT, 'grid_worker'], scope: 'involved', to: 'same' },
  { action: 'subdispatch', from: ['accepted', 'reopened'], roles: UNIT, scope: 'main', to: 'same' },
  { action: 'reply', from: ['accepted', 'reopened'], roles: UNIT, scope: 'main', to: ['replied'] },
  { action: 'return', from: ['dispatched', 'accepted'], roles: UNIT, scope: 'main', to: ['return_requested'] },
  { action: 'return/approve', from: ['return_requested'], roles: ['dispatcher', 'admin'], scope: 'visible', to: ['registered'] },
  { action: 'return/reject', from: ['return_requested'], roles: ['dispatcher', 'admin'], scope: 'visible', to: ['dispatched', 'accepted'] },
  { action: 'extension', from: ['accepted', 'reopened'], roles: UNIT, scope: 'main', to: 'same' },
  { action: 'extension/approve', from: ['accepted', 'reopened'], roles: DECIDE, scope: 'visible', to: 'same' },
  { action: 'extension/reject', from: ['accepted', 'reopened'], roles: DECIDE, scope: 'visible', to: 'same' },
  { action: 'callback', from: ['replied'], roles: ['callback_agent', 'admin'], scope: 'visible', to: ['closed', 'replied'] },
  { action: 'reopen', from: ['replied'], roles: CALLBACK, scope: 'visible', to: ['reopened'] },
  { action: 'close', from: ['replied', 'listed'], roles: CALLBACK, scope: 'visible', to: ['closed'] },
  { action: 'merge', from: ['registered'], roles: CENTRE_INTAKE, scope: 'visible', to: ['merged'] },
  { action: 'invalidate', from: ['registered', 'return_requested'], roles: CENTRE_INTAKE, scope: 'visible', to: ['invalid'] },
  { action: 'list', from: ['accepted', 'reopened'], roles: ['supervisor', 'admin'], scope: 'visible', to: ['listed'] },
  { action: 'supervise', from: ['dispatched', 'accepted', 'return_requested', 'reopened', 'replied', 'listed'], roles: ['supervisor', 'admin'], scope: 'visible', to: 'same' },
];

const BY_ACTION = new Map(TRANSITIONS.map((t) => [t.action, t]));

export function transitionFor(action: Action): Transition {
  const t = BY_ACTION.get(action);
  if (!t) throw new Error(`no transition for ${action}`);
  return t;
}

/** Role check alone (403), for callers that check other things before the state. */
export function checkRole(action: Action, role: Role): Transition {
  const t = transitionFor(action);
  if (!t.roles.includes(role)) fail('forbidden', `the ${role} role may not ${action} orders`);
  return t;
}

/** Role and state check (unit scope is checked by the caller, who knows the assignments). */
export function checkTransition(state: State, action: Action, role: Role): Transition {
  const t = checkRole(action, role);
  if (!t.from.includes(state)) fail('invalid_transition', `cannot ${action} an order that is ${state}; allowed from ${t.from.join(', ')}`);
  return t;
}

/** The target after an action; `chosen` must be one the table allows. */
export function targetState(t: Transition, current: State, chosen?: State): State {
  if (t.to === 'same') return current;
  const to = chosen ?? t.to[0];
  if (!t.to.includes(to)) throw new Error(`${t.action} cannot lead to ${to}`);
  return to;
}

export const isOpen = (s: State) => OPEN_STATES.includes(s);
