// Failed sign-in policy: slow an attacker down without letting anyone lock a colleague out.
//
// Failures are counted per (username, client address) pair and per client address, in the database so that
// every instance sees the same counters. A key within its budget answers normally; every failure beyond it
// makes the key wait 1 s, 2 s, 4 s … (capped at 15 min) before the next password is even checked. Nothing is
// ever counted per username alone, so the right password from another address always works. A successful
// sign-in clears its pair (not its address: an attacker could otherwise reset the address budget by signing
// in to an account of their own). Counters are forgotten after a day without failures.
import type { Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';

export const THROTTLE = {
  /** Failures allowed per (username, address) before the delays start. */
  pairBudget: 5,
  /** Failures allowed per address (any usernames) before the delays start. */
  addressBudget: 30,
  firstDelayMs: 1_000,
  maxDelayMs: 15 * 60_000,
  /** A key with no failure for this long starts again from zero. */
  forgetAfterMs: 24 * 3_600_000,
} as const;

/** The wait after the `failures`-th failure of a key with this budget (0 = none). */
export function delayAfter(failures: number, budget: number): number {
  if (failures < budget) return 0;
  const doublings = Math.min(failures - budget, 30);
  return Math.min(THROTTLE.firstDelayMs * 2 ** doublings, THROTTLE.maxDelayMs);
}

export const pairKey = (username: string, address: string) => `p:${username.trim().toLowerCase()}|${address}`;
export const addressKey = (address: string) => `a:${address}`;

/** "2 seconds", "15 minutes": the wait in words for the problem detail. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

export function loginThrottle(db: Queryable, clock: Clock) {
  const keysOf = (username: string, address: string) => [
    { key: pairKey(username, address), budget: THROTTLE.pairBudget },
    { key: addressKey(address), budget: THROTTLE.addressBudget },
  ];
  return {
    /** Throws 429 too_many_attempts (with retryAfter seconds) while the pair or the address must wait. */
    async check(username: string, address: string): Promise<void> {
      const now = clock.now();
      const { rows } = await db.query<{ until: Date }>(
        'select max(blocked_until) as until from login_throttle where key = any($1) and blocked_until > $2',
        [keysOf(username, address).map((k) => k.key), now],
      );
      const until = rows[0]?.until;
      if (!until) return;
      const retryAfter = Math.max(1, Math.ceil((new Date(until).getTime() - now.getTime()) / 1000));
      fail('too_many_attempts', `Too many failed sign-ins from your address; try again in ${waitInWords(retryAfter)}.`, { retryAfter });
    },
    /** Counts one failure on the pair and on the address, and sets their waits. */
    async recordFailure(username: string, address: string): Promise<void> {
      const now = clock.now();
      const forget = new Date(now.getTime() - THROTTLE.forgetAfterMs);
      for (const { key, budget } of keysOf(username, address)) {
        const { rows } = await db.query<{ failures: number }>(
          `insert into login_throttle as t (key, failures, last_failure_at) values ($1, 1, $2)
           on conflict (key) do update set failures = case when t.last_failure_at < $3 then 1 else t.failures + 1 end, last_failure_at = $2
           returning failures`,
          [key, now, forget],
        );
        const wait = delayAfter(rows[0].failures, budget);
        // greatest(): a concurrent failure that set a later wait keeps it.
        if (wait) await db.query('update login_throttle set blocked_until = greatest(blocked_until, $2) where key = $1', [key, new Date(now.getTime() + wait)]);
      }
      await db.query('delete from login_throttle where last_failure_at < $1', [forget]);
    },
    async recordSuccess(username: string, address: string): Promise<void> {
      await db.query('delete from login_throttle where key = $1', [pairKey(username, address)]);
    },
  };
}
export type LoginThrottle = ReturnType<typeof loginThrottle>;
