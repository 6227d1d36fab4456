// Whistle 吹哨报到 reads: the panel of one order, the 吹哨任务 inbox of a summoned unit, the monthly statistics;
// and the report-by sweep. The actions themselves are lifecycle side actions (whistle.actions.ts).
import type { Db } from '../../db';
import type { Clock } from '../../shared/clock';
import type { AuthUser } from '../users/users.repo';
import type { OrdersService } from '../orders/orders.service';
import type { EffectHook } from '../orders/effects';
import { seesAll } from '../assessment/access';
import { checkMonth } from '../assessment/month';
import { whistlesOfOrder, whistleUnits } from './whistle.repo';
import { whistleStats } from './stats';
import { runWhistleSweep } from './whistle.sweep';

export interface WhistleDeps {
  db: Db;
  clock: Clock;
  tz: string;
  orders: OrdersService;
  effects: readonly EffectHook[];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function whistleService(d: WhistleDeps) {
  const { db } = d;
  return {
    /** Every whistle of an order the user can read: who was summoned, report-by, reports, ratings. */
    async panel(user: AuthUser, orderId: number) {
      await d.orders.loadVisible(user, orderId);
      const whistles = await whistlesOfOrder(db, orderId);
      const units = await whistleUnits(db, whistles.map((w) => w.id));
      const now = d.clock.now();
      return {
        items: whistles.map((w) => ({
          id: w.id, status: w.status, unitId: w.unitId, unitName: w.unitName, reason: w.reason,
          reportBy: w.reportBy.toISOString(), missingAt: w.missingAt.toISOString(), createdAt: w.createdAt.toISOString(), closedAt: iso(w.closedAt),
          units: units.filter((u) => u.whistleId === w.id).map((u) => ({
            unitId: u.unitId, unitName: u.unitName, unitType: u.unitType, action: u.reportAction, note: u.reportNote, onSiteAt: iso(u.onSiteAt),
            reportedAt: iso(u.reportedAt), reportedByName: u.reportedByName, late: u.late || (u.reportedAt ?? now) > w.reportBy, missing: u.missing,
            rating: u.rating, ratingNote: u.ratingNote, ratedAt: iso(u.ratedAt),
          })),
        })),
      };
    },

    /** The 吹哨任务 inbox: whistles summoning the user's unit (or a unit below it); open ones first. */
    async inbox(user: AuthUser, status: 'open' | 'all') {
      const { rows } = await db.query<{
        whistleId: number; orderId: number; number: string; title: string; orderStatus: string; version: number; unitId: number; unitName: string;
        whistlerName: string; reason: string; reportBy: Date; status: string; createdAt: Date; reportedAt: Date | null; rating: string | null; missing: boolean;
      }>(
        `select w.id as "whistleId", o.id as "orderId", o.number, o.title, o.status as "orderStatus", o.version, wu.unit_id as "unitId", u.name as "unitName",
           wu2.name as "whistlerName", w.reason, w.report_by as "reportBy", w.status, w.created_at as "createdAt", wu.reported_at as "reportedAt", wu.rating,
           exists (select 1 from whistle_alerts a where a.whistle_id = w.id and a.unit_id = wu.unit_id and a.kind = 'missing') as missing
         from whistle_units wu join whistles w on w.id = wu.whistle_id join orders o on o.id = w.order_id
           join units u on u.id = wu.unit_id join units wu2 on wu2.id = w.unit_id
         where u.path like $1 || '%' and ($2 = 'all' or w.status = 'open')
         order by (w.status = 'open') desc, (wu.reported_at is null) desc, w.report_by, w.id limit 500`,
        [user.unitPath, status],
      );
      return {
        items: rows.map((r) => ({
          ...r, reportBy: r.reportBy.toISOString(), createdAt: r.createdAt.toISOString(), reportedAt: iso(r.reportedAt),
          late: r.reportedAt ? r.reportedAt > r.reportBy : d.clock.now() > r.reportBy,
        })),
      };
    },

    /** Per summoned unit for a month; the centre, supervisors and leaders see every unit, a unit its own subtree. */
    async stats(user: AuthUser, month: string) {
      checkMonth(month);
      let unitIds: number[] | undefined;
      if (!seesAll(user)) unitIds = (await db.query<{ id: number }>(`select id from units where path like $1 || '%'`, [user.unitPath])).rows.map((r) => r.id);
      const items = await whistleStats(db, month, d.tz, d.clock.now(), unitIds);
      return { month, items: items.map(({ unitType: _t, ...s }) => s) };
    },

    sweep: () => runWhistleSweep(db, d.clock, d.effects),
  };
}
export type WhistleService = ReturnType<typeof whistleService>;
