// Who may see and act on an order: the centre sees everything; a unit sees orders assigned
// (main, co-handling, copy, sub-dispatch, or summoned by an open whistle 吹哨) to itself or to a unit
// below it; whoever registered an order keeps reading it (a grid worker's own report), without any
// right to act on it. A summoned unit's only action is its report (scope `summoned`).
import { fail } from '../../shared/errors';
import type { AuthUser } from '../users/users.repo';
import type { Scope } from './lifecycle';
import type { OrderRow } from './orders.repo';

export interface AssignmentRef {
  unitId: number;
  unitPath: string;
  role: 'main' | 'co' | 'copy' | 'sub' | 'whistle' | 'escalation';
  active: boolean;
}

const within = (user: AuthUser, a: AssignmentRef) => a.active && a.unitPath.startsWith(user.unitPath);

export function canSee(user: AuthUser, assignments: AssignmentRef[]): boolean {
  return user.isCenter || assignments.some((a) => within(user, a));
}

/** Reading: the assignment scope, plus the user who registered the order. Acting stays assignment-based. */
export function canRead(user: AuthUser, assignments: AssignmentRef[], order: Pick<OrderRow, 'createdBy'>): boolean {
  return canSee(user, assignments) || (order.createdBy !== null && order.createdBy === user.id);
}

/** May reveal the requester's phone: the centre, or the main / co-handling unit or a unit above one (not a copy 抄送 unit). */
export function mayRevealPhone(user: AuthUser, assignments: AssignmentRef[]): boolean {
  return user.isCenter || inScope(user, 'involved', assignments.filter((a) => a.role !== 'sub'));
}

export function inScope(user: AuthUser, scope: Scope, assignments: AssignmentRef[]): boolean {
  switch (scope) {
    case 'visible':
      return canSee(user, assignments);
    case 'main':
      return assignments.some((a) => a.role === 'main' && within(user, a));
    case 'involved':
      return assignments.some((a) => (a.role === 'main' || a.role === 'co' || a.role === 'sub') && within(user, a));
    case 'whistler':
      return assignments.some((a) => (a.role === 'main' || a.role === 'sub') && within(user, a));
    case 'summoned':
      return assignments.some((a) => a.role === 'whistle' && within(user, a));
    case 'addressed':
      // The centre coordinates for the city and stands above every level; others hold the escalation assignment.
      return user.isCenter || assignments.some((a) => a.role === 'escalation' && within(user, a));
  }
}

const SCOPE_WORDS: Record<Scope, string> = {
  visible: 'a unit', main: 'the main handler', involved: 'a handler', whistler: 'the handling street or its community', summoned: 'summoned by the open whistle', addressed: 'asked to coordinate this order',
};

export function checkScope(user: AuthUser, scope: Scope, assignments: AssignmentRef[], action: string): void {
  if (!inScope(user, scope, assignments)) fail('forbidden', `your unit (${user.unitName}) is not ${SCOPE_WORDS[scope]} of this order and may not ${action} it`);
}

/** Reports (举报) and confidential orders (保密件) never show the requester to units. */
export function requesterHidden(user: AuthUser, order: Pick<OrderRow, 'confidential' | 'type'>): boolean {
  return !user.isCenter && (order.confidential || order.type === 'report');
}

/**
 * SQL twin of canRead, limiting orders to the user's scope; `$unit` is the user's unit id, `$id` the user's id.
 * The scope rows (order_scope, kept by triggers on the assignments) hold one row per order for every unit that
 * sees it through an active assignment in its subtree.
 */
export function scopeSql(user: AuthUser, unitParam: number, idParam: number): string | null {
  if (user.isCenter) return null;
  return `(o.created_by = $${idParam} or exists (select 1 from order_scope sc where sc.unit_id = $${unitParam} and sc.order_id = o.id))`;
}
