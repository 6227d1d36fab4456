// Who may see and act on an order: the centre sees everything; a unit sees orders assigned
// (main, co-handling, copy or sub-dispatch) to itself or to a unit below it.
import { fail } from '../../shared/errors';
import type { AuthUser } from '../users/users.repo';
import type { Scope } from './lifecycle';
import type { OrderRow } from './orders.repo';

export interface AssignmentRef {
  unitId: number;
  unitPath: string;
  role: 'main' | 'co' | 'copy' | 'sub';
  active: boolean;
}

const within = (user: AuthUser, a: AssignmentRef) => a.active && a.unitPath.startsWith(user.unitPath);

export function canSee(user: AuthUser, assignments: AssignmentRef[]): boolean {
  return user.isCenter || assignments.some((a) => within(user, a));
}

export function inScope(user: AuthUser, scope: Scope, assignments: AssignmentRef[]): boolean {
  switch (scope) {
    case 'visible':
      return canSee(user, assignments);
    case 'main':
      return assignments.some((a) => a.role === 'main' && within(user, a));
    case 'involved':
      return assignments.some((a) => a.role !== 'copy' && within(user, a));
  }
}

export function checkScope(user: AuthUser, scope: Scope, assignments: AssignmentRef[], action: string): void {
  if (!inScope(user, scope, assignments)) fail('forbidden', `your unit (${user.unitName}) is not the ${scope === 'main' ? 'main handler' : 'handler'} of this order and may not ${action} it`);
}

/** Reports (举报) and confidential orders (保密件) never show the requester to units. */
export function requesterHidden(user: AuthUser, order: Pick<OrderRow, 'confidential' | 'type'>): boolean {
  return !user.isCenter && (order.confidential || order.type === 'report');
}

/** SQL condition limiting orders to the user's scope; `$n` is the user's unit path. */
export function scopeSql(user: AuthUser, paramIndex: number): string | null {
  if (user.isCenter) return null;
  return `exists (select 1 from order_assignments sa join units su on su.id = sa.unit_id
    where sa.order_id = o.id and sa.active and su.path like $${paramIndex} || '%')`;
}
