// The deadline sweep: records `warned` / `overdue` events and automatic supervision exactly once per
// order, clock and level — safe with several instances, because each claim is a unique row in
// order_alerts inserted in the same transaction as its events (a second claimant inserts nothing).
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { CLOCKED_SQL } from '../orders/lifecycle';
import { yellowAt, yellowAtSql } from './deadlines';
import { appendEvent, SYSTEM_ACTOR, type EventPayloads, type EventType } from '../../shared/events';
import { ORDER_COLS, type OrderRow } from '../orders/orders.repo';
import { runEffects, type EffectHook, type RecordedEvent } from '../orders/effects';

type Deadline = 'sign' | 'contact' | 'resolve';
type Level = 'yellow' | 'red';

interface Candidate {
  id: number;
  clockNo: number;
  status: string;
  clockStartedAt: Date;
  signDueAt: Date | null;
  contactDueAt: Date | null;
  resolveDueAt: Date | null;
  signedAt: Date | null;
  firstContactAt: Date | null;
}

const BATCH = 500;
const CANDIDATE_SQL = `select o.id, o.clock_no as "clockNo", o.status, o.clock_started_at as "clockStartedAt", o.sign_due_at as "signDueAt",
  o.contact_due_at as "contactDueAt", o.resolve_due_at as "resolveDueAt", o.signed_at as "signedAt", o.first_contact_at as "firstContactAt"
  from orders o`;
const CLOCKED = CLOCKED_SQL;
/** SQL: this order's current clock already has that alert for the deadline's current due instant (so the pass skips it). */
const claimed = (deadline: Deadline, level: Level) =>
  `exists (select 1 from order_alerts a where a.order_id = o.id and a.clock_no = o.clock_no and a.deadline = '${deadline}' and a.level = '${level}' and a.due_at = o.${deadline}_due_at)`;

/** The alerts an order is due for at `now` (the claims decide which are new). */
export function dueAlerts(o: Candidate, now: Date): { deadline: Deadline; level: Level; dueAt: Date }[] {
  const out: { deadline: Deadline; level: Level; dueAt: Date }[] = [];
  if (o.resolveDueAt) {
    if (now >= yellowAt(o.clockStartedAt, o.resolveDueAt)) out.push({ deadline: 'resolve', level: 'yellow', dueAt: o.resolveDueAt });
    if (now > o.resolveDueAt) out.push({ deadline: 'resolve', level: 'red', dueAt: o.resolveDueAt });
  }
  if (o.status === 'dispatched' && !o.signedAt && o.signDueAt && now > o.signDueAt) out.push({ deadline: 'sign', level: 'red', dueAt: o.signDueAt });
  if (!o.firstContactAt && o.contactDueAt && now > o.contactDueAt && o.status !== 'return_requested') out.push({ deadline: 'contact', level: 'red', dueAt: o.contactDueAt });
  return out;
}

async function claim(q: Queryable, o: Candidate, a: { deadline: Deadline; level: Level; dueAt: Date }, now: Date, events: RecordedEvent[]): Promise<boolean> {
  const { rowCount } = await q.query(
    'insert into order_alerts (order_id, clock_no, deadline, level, due_at, at) values ($1, $2, $3, $4, $5, $6) on conflict do nothing',
    [o.id, o.clockNo, a.deadline, a.level, a.dueAt, now],
  );
  if (rowCount !== 1) return false;
  const event = async <T extends EventType>(type: T, payload: EventPayloads[T]) => {
    events.push({ orderId: o.id, type, payload } as RecordedEvent);
    await appendEvent(q, o.id, type, SYSTEM_ACTOR, now, payload);
  };
  await event(a.level === 'yellow' ? 'warned' : 'overdue', { deadline: a.deadline, dueAt: a.dueAt.toISOString() });
  if (a.level === 'red' && a.deadline === 'resolve') {
    await event('supervised', { note: `自动督办：办结时限已过（${a.dueAt.toISOString()}）`, auto: true });
    await q.query('update orders set supervised = true where id = $1', [o.id]);
  }
  return true;
}

/** One pass: returns how many alerts this instance recorded. Loops over bounded batches. */
export async function runSweep(db: Db, clock: Clock, effects: readonly EffectHook[] = []): Promise<{ recorded: number; examined: number }> {
  const now = clock.now();
  let recorded = 0;
  let examined = 0;
  let afterId = 0;
  for (;;) {
    const { rows } = await db.query<Candidate>(
      `${CANDIDATE_SQL}
       where ${CLOCKED} and o.id > $2
         and ((${yellowAtSql('o.clock_started_at', 'o.resolve_due_at')} <= $1 and not ${claimed('resolve', 'yellow')})
              or (o.resolve_due_at < $1 and not ${claimed('resolve', 'red')})
              or (o.status = 'dispatched' and o.signed_at is null and o.sign_due_at < $1 and not ${claimed('sign', 'red')})
              or (o.first_contact_at is null and o.contact_due_at < $1 and o.status <> 'return_requested' and not ${claimed('contact', 'red')}))
       order by o.id limit ${BATCH}`,
      [now, afterId],
    );
    if (!rows.length) break;
    afterId = rows[rows.length - 1].id;
    examined += rows.length;
    for (const candidate of rows) {
      if (!dueAlerts(candidate, now).length) continue;
      recorded += await db.tx(async (q) => {
        // Re-read the order under a row lock: since the batch was read, an action may have replied,
        // re-dispatched, reopened or listed it, and alerts must be about its current state and clock.
        const { rows: fresh } = await q.query<Candidate>(`${CANDIDATE_SQL} where o.id = $1 and ${CLOCKED} for update`, [candidate.id]);
        const o = fresh[0];
        if (!o) return 0;
        let n = 0;
        const events: RecordedEvent[] = [];
        for (const a of dueAlerts(o, now)) if (await claim(q, o, a, now, events)) n++;
        if (n && effects.length) {
          const order = (await q.query<OrderRow>(`select ${ORDER_COLS} from orders o where o.id = $1`, [o.id])).rows[0];
          await runEffects(effects, q, { cause: 'sweep', before: null, order, events, actor: SYSTEM_ACTOR, at: now });
        }
        return n;
      });
    }
    if (rows.length < BATCH) break;
  }
  return { recorded, examined };
}

/** Runs the sweep every intervalMs until stopped; errors are logged, never fatal. */
export function startSweeper(
  db: Db, clock: Clock, intervalMs: number, log: { error: (o: object, m: string) => void; info: (o: object, m: string) => void },
  effects: readonly EffectHook[] = [],
  /** Catch-up work that shares the sweep's period (e.g. recomputing provisional deadlines). */
  alsoEachPass: () => Promise<unknown> = async () => undefined,
) {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    if (stopped) return;
    try {
      await alsoEachPass();
      const r = await runSweep(db, clock, effects);
      if (r.recorded) log.info(r, 'deadline sweep');
    } catch (err) {
      log.error({ err }, 'deadline sweep failed');
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  if (intervalMs > 0) timer = setTimeout(tick, Math.min(intervalMs, 5000));
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
