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

/** A state list as an SQL `in (…)` body: queries derive their state filters from the lists above. */
export const sqlStates = (states: readonly State[]) => states.map((s) => `'${s}'`).join(',');
/** SQL (alias `o`): the order is still being worked on. */
export const OPEN_SQL = `o.status in (${sqlStates(OPEN_STATES)})`;
/** SQL (alias `o`): the order's deadline clock runs. */
export const CLOCKED_SQL = `o.status in (${sqlStates(CLOCKED_STATES)}) and o.clock_started_at is not null`;

export const ACTIONS = [
  'answer', 'dispatch', 'sign', 'contact', 'subdispatch', 'reply', 'return', 'return/approve', 'return/reject',
  'extension', 'extension/approve', 'extension/reject', 'callback', 'reopen', 'close', 'merge', 'invalidate', 'list', 'supervise',
  'exemption', 'exemption/approve', 'exemption/reject', 'whistle', 'whistle/report', 'whistle/rate',
  'petition', 'mediation', 'mediation/outcome',
  'escalate', 'escalation/answer',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Who may act, besides the role:
 * - `visible`: anyone with the role who can see the order (the centre sees everything);
 * - `main`: the main handling unit or a unit above it;
 * - `involved`: the main, a co-handling or a sub-dispatched unit (or a unit above one of them);
 * - `whistler`: the main unit or a sub-dispatched one (a street and its community blow the whistle 吹哨);
 * - `summoned`: a unit summoned by the order's open whistle (报到), while the whistle is open;
 * - `addressed`: the unit asked to coordinate (分级协调) by the open escalation, a unit above it, or the centre.
 */
export type Scope = 'visible' | 'main' | 'involved' | 'whistler' | 'summoned' | 'addressed';

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
/** States in which the main unit may ask to exempt an order from assessment (免考核), and a supervisor decide. */
const EXEMPTABLE: State[] = ['accepted', 'reopened', 'replied', 'closed', 'listed'];
/** States in which an open whistle may be reported on and rated: any state after signing (a whistle outlives the reply). */
const WHISTLE_OPEN: State[] = ['accepted', 'return_requested', 'replied', 'reopened', 'closed', 'listed'];
/** States in which an escalation (分级协调) may be open: a reply, 挂账 or an approved return ends it (docs/ESCALATION.md). */
const ESCALATION_OPEN: State[] = ['accepted', 'reopened', 'return_requested'];

/** Orders a petition may be linked to: any that handles (or handled) the matter — not merged or invalid ones. */
const PETITION_TARGETS: State[] = ['registered', 'answered', 'dispatched', 'accepted', 'return_requested', 'replied', 'reopened', 'closed', 'listed'];

export const TRANSITIONS: readonly Transition[] = [
  { action: 'answer', from: ['registered'], roles: ['operator', 'admin'], scope: 'visible', to: ['answered'] },
  { action: 'dispatch', from: ['registered'], roles: DISPATCH, scope: 'visible', to: ['dispatched'] },
  { action: 'sign', from: ['dispatched'], roles: UNIT, scope: 'main', to: ['accepted'] },
  { action: 'contact', from: ['accepted', 'return_requested', 'reopened'], roles: [...UNIT, 'grid_worker'], scope: 'involved', to: 'same' },
  { action: 'subdispatch', from: ['accepted', 'reopened'], roles: UNIT, scope: 'main', to: 'same' },
  { action: 'reply', from: ['accepted', 'reopened'], roles: UNIT, scope: 'main', to: ['replied'] },
  { action: 'return', from: ['dispatched', 'accepted'], roles: UNIT, scope: 'main', to: ['return_requested'] },
  // 首办负责制: approving a return sets the new owner in the same step (named, or the district's 兜底 unit).
  { action: 'return/approve', from: ['return_requested'], roles: ['dispatcher', 'admin'], scope: 'visible', to: ['dispatched'] },
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
  { action: 'exemption', from: EXEMPTABLE, roles: UNIT, scope: 'main', to: 'same' },
  { action: 'exemption/approve', from: EXEMPTABLE, roles: ['supervisor', 'admin'], scope: 'visible', to: 'same' },
  { action: 'exemption/reject', from: EXEMPTABLE, roles: ['supervisor', 'admin'], scope: 'visible', to: 'same' },
  { action: 'whistle', from: ['accepted', 'reopened'], roles: UNIT, scope: 'whistler', to: 'same' },
  { action: 'whistle/report', from: WHISTLE_OPEN, roles: UNIT, scope: 'summoned', to: 'same' },
  { action: 'whistle/rate', from: WHISTLE_OPEN, roles: UNIT, scope: 'whistler', to: 'same' },
  // 信访 最多投一次: a petition about a matter already handled is linked to its order (docs/SOURCES.md).
  { action: 'petition', from: PETITION_TARGETS, roles: CENTRE_INTAKE, scope: 'visible', to: 'same' },
  // 调处: the main unit refers a dispute to a mediation body, then records the outcome.
  { action: 'mediation', from: ['accepted', 'reopened'], roles: UNIT, scope: 'main', to: 'same' },
  { action: 'mediation/outcome', from: ['accepted', 'reopened'], roles: UNIT, scope: 'main', to: 'same' },
  { action: 'escalate', from: ['accepted', 'reopened'], roles: UNIT, scope: 'main', to: 'same' },
  { action: 'escalation/answer', from: ESCALATION_OPEN, roles: ['dispatcher', 'supervisor', 'admin', ...UNIT], scope: 'addressed', to: 'same' },
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
