// The delivery job: leases due outbox rows (FOR UPDATE SKIP LOCKED, claimed_until), sends each through the
// sender, and records the outcome only if the lease is still ours. A sender that dies mid-flight leaves its
// rows leased; they are claimed again when the lease runs out (at-least-once; the key lets the gateway dedupe).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db';
import type { Job } from '../../jobs/runner';
import { OUTBOX_COLS, type OutboxRow } from './outbox';
import type { Sender } from './senders';
import { wallClock } from '../sla/timezone';

export interface DeliveryOptions {
  leaseMs: number;
  maxAttempts: number;
  tz: string;
  /** "HH:MM-HH:MM" city time in which no SMS goes to residents (one-time codes excepted); '' = none. */
  quietHours: string;
  /** First retry delay; doubles with each attempt up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

export const BASE_BACKOFF_MS = 30_000;
export const MAX_BACKOFF_MS = 3_600_000;

export function backoffMs(attempts: number, base = BASE_BACKOFF_MS, max = MAX_BACKOFF_MS): number {
  return Math.min(max, base * 2 ** Math.max(0, attempts - 1));
}

function minutesOfDay(at: Date, tz: string): number {
  const w = wallClock(at, tz);
  return w.hour * 60 + w.minute;
}

/** When a resident SMS may go out: `at` itself outside quiet hours, else the end of the quiet period. */
export function quietUntil(at: Date, quietHours: string, tz: string): Date | null {
  const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(quietHours);
  if (!m) return null;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  const now = minutesOfDay(at, tz);
  const inQuiet = from <= to ? now >= from && now < to : now >= from || now < to;
  if (!inQuiet) return null;
  const wait = (to - now + 1440) % 1440;
  // Whole minutes from now to the end of quiet hours, at :00 seconds of that minute.
  const t = new Date(at.getTime() + wait * 60_000);
  t.setUTCSeconds(0, 0);
  return t;
}

export function needsQuiet(m: Pick<OutboxRow, 'channel' | 'audience' | 'template'>): boolean {
  return m.channel === 'sms' && m.audience === 'resident' && m.template !== 'otp';
}

/**
 * Marks delivered messages sent: the ones that finish in the same turn of the event loop share one statement (a pass's
 * messages mostly do), each still only if this claim still holds it.
 */
function sentMarker(db: Db): (m: OutboxRow, now: Date) => Promise<void> {
  let batch: { id: number; token: string; at: Date }[] = [];
  let flushing: Promise<void> | null = null;
  return (m, now) => {
    batch.push({ id: m.id, token: m.claimToken!, at: now });
    flushing ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        const items = batch;
        batch = [];
        flushing = null;
        db.query(
          `update outbox o set status = 'sent', sent_at = s.at, last_error = null, claimed_until = null, claim_token = null
           from unnest($1::int[], $2::text[], $3::timestamptz[]) as s(id, token, at)
           where o.id = s.id and o.claim_token = s.token and o.status = 'pending'`,
          [items.map((x) => x.id), items.map((x) => x.token), items.map((x) => x.at)],
        ).then(() => resolve(), reject);
      });
    });
    return flushing;
  };
}

export function deliveryJob(db: Db, sender: Sender, o: DeliveryOptions): Job<OutboxRow> {
  const base = o.baseBackoffMs ?? BASE_BACKOFF_MS;
  const max = o.maxBackoffMs ?? MAX_BACKOFF_MS;
  const markSent = sentMarker(db);
  return {
    name: 'notify-delivery',
    async claim(now, limit) {
      const token = randomUUID();
      const { rows } = await db.query<OutboxRow>(
        `update outbox o set claimed_until = $2, claim_token = $3, attempts = o.attempts + 1
         where o.id in (select id from outbox where status = 'pending' and next_try_at <= $1 and (claimed_until is null or claimed_until <= $1)
                        order by next_try_at, id limit $4 for update skip locked)
         returning ${OUTBOX_COLS}`,
        [now, new Date(now.getTime() + o.leaseMs), token, limit],
      );
      return rows.sort((a, b) => a.id - b.id);
    },
    async act(m, now) {
      const mine = 'o.id = $1 and o.claim_token = $2 and o.status = $3';
      if (needsQuiet(m)) {
        const until = quietUntil(now, o.quietHours, o.tz);
        if (until) {
          // Deferred, not dropped, and the deferral is not a failed attempt.
          await db.query(`update outbox o set next_try_at = $4, attempts = o.attempts - 1, claimed_until = null, claim_token = null where ${mine}`, [m.id, m.claimToken, 'pending', until]);
          return;
        }
      }
      try {
        await sender.send(m, now);
      } catch (err) {
        const error = String((err as Error).message ?? err).slice(0, 500);
        const dead = m.attempts >= o.maxAttempts;
        await db.query(
          `update outbox o set status = $4, last_error = $5, next_try_at = $6, claimed_until = null, claim_token = null where ${mine}`,
          [m.id, m.claimToken, 'pending', dead ? 'dead' : 'pending', error, new Date(now.getTime() + backoffMs(m.attempts, base, max))],
        );
        return;
      }
      await markSent(m, now);
    },
  };
}
