// User management: edit, disable, reset a password, change one's own. Every change that takes rights away
// (disable, role, unit) or replaces a password ends the user's sessions in the same transaction, and then
// tells every instance (session-events.ts) so cached sessions and open live streams end at once.
// At least one active admin always remains.
import { randomInt } from 'node:crypto';
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import type { OrgRepo } from '../org/org.repo';
import { hashPassword, verifyPassword } from './password';
import type { Role } from './roles';
import type { SessionEvents } from './session-events';
import type { LoginThrottle } from './throttle';
import type { AuthUser, UserRow, UsersRepo } from './users.repo';

export interface UserPatch {
  displayName?: string;
  role?: Role;
  unitId?: number;
  disabled?: boolean;
}

// No 0/O, 1/l/I: the temporary password is read out or copied by hand.
const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function temporaryPassword(length = 12): string {
  let s = '';
  for (let i = 0; i < length; i++) s += TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)];
  return s;
}

export function usersService(deps: { db: Db; clock: Clock; users: UsersRepo; org: OrgRepo; events: SessionEvents; throttle: LoginThrottle }) {
  const { db, clock, users, org, events, throttle } = deps;
  const audit = (q: Queryable, actor: AuthUser, action: string, detail: Record<string, unknown>) =>
    q.query('insert into audit_log (at, user_id, unit_id, action, detail) values ($1, $2, $3, $4, $5)', [clock.now(), actor.id, actor.unitId, action, JSON.stringify(detail)]);

  async function mustGet(id: number, q: Queryable, lock = false): Promise<UserRow> {
    return (await users.byId(id, q, lock)) ?? fail('user_not_found', `user ${id} does not exist`);
  }

  return {
    async update(actor: AuthUser, id: number, patch: UserPatch): Promise<UserRow> {
      const { row, changed } = await db.tx(async (q) => {
        // Admins first, then the target: every demotion takes the locks in the same order.
        const admins = await users.lockActiveAdmins(q);
        const before = await mustGet(id, q, true);
        if (patch.unitId !== undefined && patch.unitId !== before.unitId && !(await org.byId(patch.unitId, q))) fail('unit_not_found', `unit ${patch.unitId} does not exist`);
        const wasActiveAdmin = before.role === 'admin' && !before.disabled;
        const staysActiveAdmin = (patch.role ?? before.role) === 'admin' && !(patch.disabled ?? before.disabled);
        if (wasActiveAdmin && !staysActiveAdmin && admins.filter((a) => a !== id).length === 0) {
          fail('last_admin', `${before.username} is the last active admin; make another user admin first`);
        }
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        for (const k of ['displayName', 'role', 'unitId', 'disabled'] as const) {
          if (patch[k] !== undefined && patch[k] !== before[k]) changes[k] = { from: before[k], to: patch[k] };
        }
        if (!Object.keys(changes).length) return { row: before, changed: false };
        await users.update(id, patch, q);
        // Taking rights away ends the sessions; re-enabling or renaming does not.
        const ended = Boolean(changes.role || changes.unitId || (changes.disabled && patch.disabled));
        if (ended) await users.deleteSessionsOf(id, null, q);
        await audit(q, actor, 'user_updated', { userId: id, username: before.username, changes, sessionsEnded: ended });
        return { row: await mustGet(id, q), changed: true };
      });
      // Every instance drops its cached copy (a new name, role or unit shows at once) and ends streams that lost their session.
      if (changed) await events.userChanged(id);
      return row;
    },

    /** Sets a random temporary password and ends the user's sessions; they must choose a new one at sign-in. */
    async resetPassword(actor: AuthUser, id: number): Promise<{ user: UserRow; temporaryPassword: string }> {
      const temp = temporaryPassword();
      const hash = await hashPassword(temp);
      const user = await db.tx(async (q) => {
        const u = await mustGet(id, q, true);
        await users.setPassword(id, hash, true, q);
        await users.deleteSessionsOf(id, null, q);
        await audit(q, actor, 'password_reset', { userId: id, username: u.username });
        return mustGet(id, q);
      });
      await events.userChanged(id);
      return { user, temporaryPassword: temp };
    },

    /**
     * The signed-in user replaces their password; their other sessions end. A wrong current password counts
     * as a failed sign-in (a stolen session must not become a way to guess the password).
     */
    async changeOwnPassword(me: AuthUser, sessionKey: string, currentPassword: string, newPassword: string, clientIp: string): Promise<void> {
      await throttle.check(me.username, clientIp);
      const stored = await users.passwordHash(me.id);
      if (!stored || !(await verifyPassword(currentPassword, stored))) {
        await throttle.recordFailure(me.username, clientIp);
        fail('current_password_wrong');
      }
      if (newPassword === currentPassword) fail('password_unchanged');
      const hash = await hashPassword(newPassword);
      await db.tx(async (q) => {
        await users.setPassword(me.id, hash, false, q);
        await users.deleteSessionsOf(me.id, sessionKey, q);
        await audit(q, me, 'password_changed', { userId: me.id });
      });
      await events.userChanged(me.id);
    },
  };
}
export type UsersService = ReturnType<typeof usersService>;
