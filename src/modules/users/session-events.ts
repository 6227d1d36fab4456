// "A session ended or a user changed": told to this instance at once and to every other through NOTIFY on
// SESSION_CHANNEL. Payloads: a session key (sha-256 of the token) = that session ended; `user:<id>` = that
// user changed (disabled, role/unit, password, name) — re-check whatever is cached or open for them;
// `*` = re-check everything. Listeners must be idempotent.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db';

export const SESSION_CHANNEL = 'minhu_sessions';

export type SessionEvent = { kind: 'session'; key: string } | { kind: 'user'; userId: number } | { kind: 'all' };

export function parseSessionEvent(payload: string): SessionEvent | null {
  if (payload === '*') return { kind: 'all' };
  const m = /^user:(\d+)$/.exec(payload);
  if (m) return { kind: 'user', userId: Number(m[1]) };
  if (/^[0-9a-f]{64}$/.test(payload)) return { kind: 'session', key: payload };
  return null;
}

export function sessionEvents(bus: Pick<Db, 'listen' | 'notify'>) {
  // Our own NOTIFYs carry this prefix, so this instance (already told directly) skips them on the way back.
  const origin = randomBytes(6).toString('hex');
  const local = new Set<(e: SessionEvent) => void>();
  const deliver = (e: SessionEvent) => {
    for (const cb of [...local]) {
      try {
        cb(e);
      } catch {
        /* a listener's failure is its own */
      }
    }
  };
  let unlisten: Promise<() => Promise<void>> | null = null;
  return {
    /** Tells this instance now and every instance through the database; never throws. */
    async publish(payload: string): Promise<void> {
      const e = parseSessionEvent(payload);
      if (e) deliver(e);
      await bus.notify(SESSION_CHANNEL, `${origin} ${payload}`).catch(() => undefined);
    },
    async userChanged(userId: number): Promise<void> {
      await this.publish(`user:${userId}`);
    },
    /** Subscribes; the first subscriber starts listening on the channel. Returns the unsubscribe function. */
    async listen(cb: (e: SessionEvent) => void): Promise<() => void> {
      unlisten ??= bus.listen(SESSION_CHANNEL, (raw) => {
        const [from, payload] = raw.includes(' ') ? [raw.slice(0, raw.indexOf(' ')), raw.slice(raw.indexOf(' ') + 1)] : ['', raw];
        if (from === origin) return;
        const e = parseSessionEvent(payload);
        if (e) deliver(e);
      }, () => deliver({ kind: 'all' })); // news may have been missed while the listener was down: re-check everything
      await unlisten;
      local.add(cb);
      return () => {
        local.delete(cb);
      };
    },
    async close(): Promise<void> {
      local.clear();
      if (unlisten) await (await unlisten)();
      unlisten = null;
    },
  };
}
export type SessionEvents = ReturnType<typeof sessionEvents>;
