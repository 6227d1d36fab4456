// What a user sees of an order: masked phones, hidden requesters, warning levels, allowed actions.
import { maskPhone } from '../../shared/privacy';
import { warningLevel, yellowAtSql } from '../sla';
import type { AuthUser } from '../users/users.repo';
import { canSee, inScope, requesterHidden, type AssignmentRef } from './access';
import { CLOCKED_SQL, CLOCKED_STATES, TRANSITIONS, type State } from './lifecycle';
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
  const yellowAt = (due: string) => yellowAtSql('o.clock_started_at', `o.${due}`);
  return `case when not (${CLOCKED_SQL}) then null
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
    provisionalYear: o.provisionalYear,
    callbackDueAt: o.status === 'replied' ? o.callbackDueAt?.toISOString() ?? null : null,
    supervised: o.supervised,
    confidential: o.confidential,
    version: o.version,
    requester: requesterView(user, o),
  };
}

/** The actions the user may take now, from the lifecycle table plus the per-action preconditions. */
export function allowedActions(user: AuthUser, o: OrderRow, assignments: AssignmentRef[], pendingKinds: string[], maxReopens: number, unreportedPaths: string[] = []): string[] {
  if (!canSee(user, assignments)) return [];
  // Summoned units hold active `whistle` assignments exactly while the order's whistle is open.
  const whistleOpen = assignments.some((a) => a.active && a.role === 'whistle');
  return TRANSITIONS.filter((t) => {
    if (!t.from.includes(o.status as State) || !t.roles.includes(user.role) || !inScope(user, t.scope, assignments)) return false;
    if (t.action === 'extension') return !pendingKinds.includes('extension');
    if (t.action === 'extension/approve' || t.action === 'extension/reject') return pendingKinds.includes('extension');
    if (t.action === 'exemption') return !pendingKinds.includes('exemption');
    if (t.action === 'exemption/approve' || t.action === 'exemption/reject') return pendingKinds.includes('exemption');
    if (t.action === 'mediation') return !pendingKinds.includes('mediation');
    if (t.action === 'mediation/outcome') return pendingKinds.includes('mediation');
    if (t.action === 'reopen') return o.reopenCount < maxReopens;
    if (t.action === 'supervise') return !o.supervised;
    if (t.action === 'whistle') return !whistleOpen;
    if (t.action === 'whistle/rate') return whistleOpen;
    if (t.action === 'whistle/report') return unreportedPaths.some((p) => p.startsWith(user.unitPath));
    if (t.action === 'escalate') return !assignments.some((a) => a.active && a.role === 'escalation');
    if (t.action === 'escalation/answer') return assignments.some((a) => a.active && a.role === 'escalation');
    return true;
  }).map((t) => t.action);
}
