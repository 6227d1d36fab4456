export const ROLES = ['admin', 'operator', 'dispatcher', 'handler', 'unit_leader', 'callback_agent', 'supervisor', 'leader', 'grid_worker'] as const;
export type Role = (typeof ROLES)[number];
/** Roles that work inside a handling unit (as opposed to the 12345 centre). */
export const UNIT_ROLES: readonly Role[] = ['handler', 'unit_leader', 'grid_worker'];
