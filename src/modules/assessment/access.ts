// Who sees what of the assessment: the centre, supervisors and leaders see everything; a unit user sees
// its own scorecard (or one of a unit below it) and the published ranking of its own unit type.
import { fail } from '../../shared/errors';
import type { AuthUser } from '../users/users.repo';

export const seesAll = (u: AuthUser) => u.isCenter || u.role === 'supervisor' || u.role === 'leader' || u.role === 'admin';

export function checkSeesAll(u: AuthUser): void {
  if (!seesAll(u)) fail('forbidden', 'only the centre, supervisors and leaders see the whole assessment');
}

export function checkRoles(u: AuthUser, roles: string[], what: string): void {
  if (!roles.includes(u.role)) fail('forbidden', `the ${u.role} role may not ${what}`);
}
