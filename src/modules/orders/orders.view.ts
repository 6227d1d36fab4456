// What a user sees of an order: masked phones, hidden requesters, warning levels, allowed actions.
import { maskPhone } from '../../shared/privacy';
import { warningLevel } from '../sla';
import type { AuthUser } from '../users/users.repo';
import { canSee, inScope, requesterHidden, type AssignmentRef } from './access';
import { CLOCKED_STATES, TRANSITIONS, type State } from './lifecycle';
import type { OrderRow } from './orders.repo';

export type Warning = 'green' | 'yellow' | 'red';
const RANK: Record<Warning, number> = { green: 0, yellow: 1, red: 2 };

function level(start: Date | null, due: Date | null, now: Date): Warning | null {
  return start && due ? warningLevel(start, due, now) : null;
}

/** The order's warning: the worse of its sign clock (until signed) and its resolution clock. */
export function orderWarning(o: Pick<OrderRow, 'status' | 'clockStartedAt' | 'signDueAt' | 'resolveDueAt'>, now: Date): Warning | null {
  if (!CLOCKED_STATES.includes(o.status)) return null;
  const levels = [o.status === 'dispatched' ? level(o.clockStartedAt, o.signDueAt, now) : null, level(o.clockStartedAt, o.resolveDueAt, now)].filter(
    (x): x is Warning => x !== null,
  );
  return levels.length ? levels.reduce((a, b) => (RANK[b] > RANK[a] ? b : a)) : null;
}

/** SQL twin of orderWarning, for filtering lists ($n = now). Keep the two in step. */
export function warningSql(nowParam: number): string {
  const yellowAt = (due: string) => `o.clock_started_at + (o.${due} - o.clock_started_at) * 0.75`;
  return `case when o.status not in (${CLOCKED_STATES.map((s) => `'${s}'`).join(',')}) or o.clock_started_at is null then null
    when o.resolve_due_at < $${nowParam} or (o.status = 'dispatched' and o.sign_due_at < $${nowParam}) then 'red'
    when ${yellowAt('resolve_due_at')} <= $${nowParam} or (o.status = 'dispatched' and ${yellowAt('sign_due_at')} <= $${nowParam}) then 'yellow'
    else 'green' end`;
}

export function requesterView(user: AuthUser, o: Pick<OrderRow, 'confidential' | 'type' | 'requesterName' | 'requesterPhone' | 'requesterCompany'>) {
  if (requesterHidden(user, o)) return { name: null, phone: null, company: null, hidden: true };
  return { name: o.requesterName, phone: user.isCenter ? o.requesterPhone : maskPhone(o.requesterPhone), company: o.requesterCompany, hidden: false };
}

export interface SummaryExtras {
  categoryName: string | null;
  mainUnitName: string | null;
}

export function toSummary(user: AuthUser, o: OrderRow, extras: SummaryExtras, now: Date) {
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    channel: o.channel,
    type: o.type,
    title: o.title,
    address: o.address,
    categoryId: o.categoryId,
    categoryName: extras.categoryName,
    tier: o.tier,
    mainUnitId: o.mainUnitId,
    mainUnitName: extras.mainUnitName,
    createdAt: o.createdAt.toISOString(),
    signDueAt: o.signDueAt?.toISOString() ?? null,
    contactDueAt: o.contactDueAt?.toISOString() ?? null,
    resolveDueAt: o.resolveDueAt?.toISOString() ?? null,
    warning: orderWarning(o, now),
    supervised: o.supervised,
    confidential: o.confidential,
    version: o.version,
    requester: requesterView(user, o),
  };
}

/** The actions the user may take now, from the lifecycle table plus the per-action preconditions. */
export function allowedActions(user: AuthUser, o: OrderRow, assignments: AssignmentRef[], pendingKinds: string[], maxReopens: number): string[] {
  if (!canSee(user, assignments)) return [];
  return TRANSITIONS.filter((t) => {
    if (!t.from.includes(o.status as State) || !t.roles.includes(user.role) || !inScope(user, t.scope, assignments)) return false;
    if (t.action === 'extension') return !pendingKinds.includes('extension');
    if (t.action === 'extension/approve' || t.action === 'extension/reject') return pendingKinds.includes('extension');
    if (t.action === 'reopen') return o.reopenCount < maxReopens;
    if (t.action === 'supervise') return !o.supervised;
    return true;
  }).map((t) => t.action);
}
