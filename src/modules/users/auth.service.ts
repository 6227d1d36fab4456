import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import type { LoginThrottle } from './throttle';
import { verifyPassword } from './password';
import type { AuthUser, UsersRepo } from './users.repo';

const SESSION_DAYS = 7;
// A real hash of a random password, so unknown usernames cost the same time as wrong passwords.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$Ir5VUvRgZ8bLLx4b1kq9UB8yYfH1k8n2P5y0b5E7l9s=';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function authService(users: UsersRepo, clock: Clock, throttle: LoginThrottle) {
  return {
    /** Returns the session token and user; failures are throttled per (username, address) and per address (throttle.ts). */
    async login(username: string, password: string, clientIp: string): Promise<{ token: string; user: AuthUser; expiresAt: Date }> {
      await throttle.check(username, clientIp);
      const found = await users.byUsername(username);
      const ok = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
      if (!found || !ok || found.disabled) {
        await throttle.recordFailure(username, clientIp);
        fail('invalid_credentials');
      }
      await throttle.recordSuccess(username, clientIp);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(clock.now().getTime() + SESSION_DAYS * 86400_000);
      await users.createSession(hashToken(token), found.id, expiresAt);
      const { passwordHash: _h, disabled: _d, ...user } = found;
      return { token, user, expiresAt };
    },
    async userForToken(token: string | undefined): Promise<AuthUser | null> {
      if (!token || token.length > 200) return null;
      return users.bySessionHash(hashToken(token), clock.now());
    },
    /** The user of a session key (hashToken of the cookie), or null when that session no longer holds. */
    userForSessionKey: (key: string) => users.bySessionHash(key, clock.now()),
    logout: (token: string) => users.deleteSession(hashToken(token)),
  };
}
export type AuthService = ReturnType<typeof authService>;
