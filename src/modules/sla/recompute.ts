// Entering a year's holiday schedule turns provisional deadlines into official ones: every open order whose
// deadlines were counted on plain weekdays into a now-covered year is recomputed from its recorded basis,
// with an event on each changed order. Runs right after the year is saved and again on every sweep pass, so
// a crash midway or another instance's entry is caught up; each order is re-read under a row lock and only
// changed when its recomputation differs, so two instances never record the same change twice.
import type { Db } from '../../db';
import type { Clock } from '../../shared/clock';
import { appendEvent, SYSTEM_ACTOR } from '../../shared/events';
import { runEffects, type EffectHook } from '../orders/effects';
import { recomputedDeadlines } from '../orders/deadline-patch';
import { OPEN_SQL } from '../orders/lifecycle';
import { ORDER_COLS, ordersRepo, type OrderRow } from '../orders/orders.repo';
import type { WorkCalendar } from './calendar';

const BATCH = 200;

export interface RecomputeDeps {
  db: Db;
  clock: Clock;
  tz: string;
  calendar: () => Promise<WorkCalendar>;
  effects: readonly EffectHook[];
}

export function provisionalDeadlines(deps: RecomputeDeps) {
  const { db, clock, tz } = deps;
  const repo = ordersRepo(db);
  return {
    /** Recomputes the open orders whose provisional deadlines reach a year the calendar now covers. */
    async recompute(): Promise<{ changed: number }> {
      const cal = await deps.calendar();
      let changed = 0;
      let afterId = 0;
      for (;;) {
        const { rows } = await db.query<{ id: number }>(
          `select o.id from orders o where o.provisional_year is not null and o.provisional_year <= $1 and ${OPEN_SQL} and o.id > $2 order by o.id limit ${BATCH}`,
          [cal.lastYear, afterId],
        );
        for (const { id } of rows) {
          const now = clock.now();
          changed += await db.tx(async (q) => {
            const o = (await q.query<OrderRow>(`select ${ORDER_COLS} from orders o where o.id = $1 and o.provisional_year <= $2 and ${OPEN_SQL} for update`, [id, cal.lastYear])).rows[0];
            if (!o) return 0;
            const { patch, changes } = recomputedDeadlines(o, tz, cal);
            if (!changes.length) return 0;
            await repo.update(o.id, o.version, patch, now, q);
            const payload = { coveredUpTo: cal.lastYear, changes };
            await appendEvent(q, o.id, 'deadlines_recomputed', SYSTEM_ACTOR, now, payload);
            if (deps.effects.length) {
              const after = (await repo.byId(o.id, q))!;
              await runEffects(deps.effects, q, { cause: 'recompute', before: o, order: after, events: [{ orderId: o.id, type: 'deadlines_recomputed', payload }], actor: SYSTEM_ACTOR, at: now });
            }
            return 1;
          });
        }
        if (rows.length < BATCH) break;
        afterId = rows[rows.length - 1].id;
      }
      return { changed };
    },

    /** What admins and supervisors are warned about: open orders with provisional deadlines, by year. */
    async pending(): Promise<{ year: number; openOrders: number }[]> {
      const { rows } = await db.query<{ year: number; n: number }>(
        `select o.provisional_year as year, count(*)::int as n from orders o where o.provisional_year is not null and ${OPEN_SQL} group by 1 order by 1`,
      );
      return rows.map((r) => ({ year: Number(r.year), openOrders: r.n }));
    },
  };
}
export type ProvisionalDeadlines = ReturnType<typeof provisionalDeadlines>;
