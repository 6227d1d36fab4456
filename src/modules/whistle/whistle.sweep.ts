// The whistle report-by sweep: records `whistle_late` when a summoned unit has not reported by the
// report-by time, and `whistle_missing` when it still has not one working day later — exactly once per
// (whistle, unit, kind), safe with several instances: each record is a claim row in whistle_alerts inserted
// (on conflict do nothing) in the transaction of its event, under the order's row lock, the same shape as
// the deadline sweep (sla/sweep.ts). A report committed first wins: the sweep re-reads under the lock.
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { appendEvent, SYSTEM_ACTOR, type EventPayloads, type EventType } from '../../shared/events';
import { runEffects, type EffectHook, type RecordedEvent } from '../orders/effects';
import { ORDER_COLS, type OrderRow } from '../orders/orders.repo';
import { claimAlert } from './whistle.repo';

const BATCH = 500;

interface Due {
  whistleId: number;
  unitId: number;
  orderId: number;
  reportBy: Date;
  missingAt: Date;
}

const DUE_SQL = `select wu.whistle_id as "whistleId", wu.unit_id as "unitId", w.order_id as "orderId", w.report_by as "reportBy", w.missing_at as "missingAt"
  from whistle_units wu join whistles w on w.id = wu.whistle_id
  where w.status = 'open' and wu.reported_at is null
    and ((w.report_by < $1 and not exists (select 1 from whistle_alerts a where a.whistle_id = wu.whistle_id and a.unit_id = wu.unit_id and a.kind = 'late'))
      or (w.missing_at < $1 and not exists (select 1 from whistle_alerts a where a.whistle_id = wu.whistle_id and a.unit_id = wu.unit_id and a.kind = 'missing')))`;

async function recordOne(q: Queryable, d: Due, now: Date, effects: readonly EffectHook[]): Promise<number> {
  await q.query('select 1 from orders where id = $1 for update', [d.orderId]);
  // Re-read under the lock: the unit may have reported, or the street closed the whistle, since the batch was read.
  const { rows } = await q.query<Due>(`${DUE_SQL} and wu.whistle_id = $2 and wu.unit_id = $3`, [now, d.whistleId, d.unitId]);
  const fresh = rows[0];
  if (!fresh) return 0;
  const events: RecordedEvent[] = [];
  const event = async <T extends EventType>(type: T, payload: EventPayloads[T]) => {
    events.push({ orderId: d.orderId, type, payload } as RecordedEvent);
    await appendEvent(q, d.orderId, type, SYSTEM_ACTOR, now, payload);
  };
  const base = { whistleId: d.whistleId, unitId: d.unitId, reportBy: fresh.reportBy.toISOString() };
  if (now > fresh.reportBy && (await claimAlert(q, d.whistleId, d.unitId, 'late', now))) await event('whistle_late', base);
  if (now > fresh.missingAt && (await claimAlert(q, d.whistleId, d.unitId, 'missing', now))) await event('whistle_missing', base);
  if (events.length && effects.length) {
    const order = (await q.query<OrderRow>(`select ${ORDER_COLS} from orders o where o.id = $1`, [d.orderId])).rows[0];
    await runEffects(effects, q, { cause: 'sweep', before: null, order, events, actor: SYSTEM_ACTOR, at: now });
  }
  return events.length;
}

/** One pass: returns how many late / missing records this instance made. */
export async function runWhistleSweep(db: Db, clock: Clock, effects: readonly EffectHook[] = []): Promise<{ recorded: number; examined: number }> {
  const now = clock.now();
  let recorded = 0;
  let examined = 0;
  let after = { whistleId: 0, unitId: 0 };
  for (;;) {
    const { rows } = await db.query<Due>(
      `${DUE_SQL} and (wu.whistle_id, wu.unit_id) > ($2, $3) order by wu.whistle_id, wu.unit_id limit ${BATCH}`,
      [now, after.whistleId, after.unitId],
    );
    if (!rows.length) break;
    after = rows[rows.length - 1];
    examined += rows.length;
    for (const d of rows) recorded += await db.tx((q) => recordOne(q, d, now, effects));
    if (rows.length < BATCH) break;
  }
  return { recorded, examined };
}
