// The deadline sweep: records `warned` / `overdue` events and automatic supervision exactly once per
// order, clock and level — safe with several instances, because each claim is a unique row in
// order_alerts inserted in the same transaction as its events (a second claimant inserts nothing).
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { appendEvent, SYSTEM_ACTOR } from '../../shared/events';

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
/** SQL: the order's deadline clock is running. */
const CLOCKED = `o.status in ('dispatched','accepted','reopened','return_requested') and o.clock_started_at is not null`;
/** SQL: this order's current clock already has that alert (so the pass skips it). */
const claimed = (deadline: Deadline, level: Level) =>
  `exists (select 1 from order_alerts a where a.order_id = o.id and a.clock_no = o.clock_no and a.deadline = '${deadline}' and a.level = '${level}')`;
const yellowAt = (start: Date, due: Date) => new Date(start.getTime() + Math.ceil((due.getTime() - start.getTime()) * 0.75));

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

async function claim(q: Queryable, o: Candidate, a: { deadline: Deadline; level: Level; dueAt: Date }, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    'insert into order_alerts (order_id, clock_no, deadline, level, at) values ($1, $2, $3, $4, $5) on conflict do nothing',
    [o.id, o.clockNo, a.deadline, a.level, now],
  );
  if (rowCount !== 1) return false;
  const payload = { deadline: a.deadline, dueAt: a.dueAt.toISOString() };
  await appendEvent(q, o.id, a.level === 'yellow' ? 'warned' : 'overdue', SYSTEM_ACTOR, now, payload);
  if (a.level === 'red' && a.deadline === 'resolve') {
    await appendEvent(q, o.id, 'supervised', SYSTEM_ACTOR, now, { note: `自动督办：办结时限已过（${a.dueAt.toISOString()}）`, auto: true });
    await q.query('update orders set supervised = true where id = $1', [o.id]);
  }
  return true;
}

/** One pass: returns how many alerts this instance recorded. Loops over bounded batches. */
export async function runSweep(db: Db, clock: Clock): Promise<{ recorded: number; examined: number }> {
  const now = clock.now();
  let recorded = 0;
  let examined = 0;
  let afterId = 0;
  for (;;) {
    const { rows } = await db.query<Candidate>(
      `${CANDIDATE_SQL}
       where ${CLOCKED} and o.id > $2
         and ((o.clock_started_at + (o.resolve_due_at - o.clock_started_at) * 0.75 <= $1 and not ${claimed('resolve', 'yellow')})
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
        for (const a of dueAlerts(o, now)) if (await claim(q, o, a, now)) n++;
        return n;
      });
    }
    if (rows.length < BATCH) break;
  }
  return { recorded, examined };
}

/** Runs the sweep every intervalMs until stopped; errors are logged, never fatal. */
export function startSweeper(db: Db, clock: Clock, intervalMs: number, log: { error: (o: object, m: string) => void; info: (o: object, m: string) => void }) {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    if (stopped) return;
    try {
      const r = await runSweep(db, clock);
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
