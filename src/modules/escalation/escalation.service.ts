// 分级协调 reads: the panel of one order, the inbox of the coordinating levels, monthly counts per unit and
// level; and the answer-by sweep. The actions themselves are lifecycle side actions (escalation.actions.ts).
import type { Db } from '../../db';
import type { Clock } from '../../shared/clock';
import type { AuthUser } from '../users/users.repo';
import type { OrdersService } from '../orders/orders.service';
import type { EffectHook } from '../orders/effects';
import type { JobEntry } from '../../jobs/runner';
import { seesAll } from '../assessment/access';
import { checkMonth, monthBounds } from '../assessment/month';
import { E_COLS, E_FROM, escalationsOfOrder, type EscalationRow } from './escalation.repo';
import { escalationJobEntry, runEscalationSweep } from './escalation.sweep';

export interface EscalationDeps {
  db: Db;
  clock: Clock;
  tz: string;
  orders: OrdersService;
  effects: readonly EffectHook[];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function view(e: EscalationRow, now: Date) {
  return {
    id: e.id, orderId: e.orderId, level: e.level, status: e.status, fromUnitId: e.fromUnitId, fromUnitName: e.fromUnitName,
    toUnitId: e.toUnitId, toUnitName: e.toUnitName, reason: e.reason, answerBy: e.answerBy.toISOString(),
    requestedAt: e.requestedAt.toISOString(), requestedByName: e.requestedByName, answeredAt: iso(e.answeredAt), answeredByName: e.answeredByName,
    decisionNote: e.decisionNote, assignedUnitIds: e.assignedUnitIds,
    overdue: e.overdueAt !== null || (e.answeredAt ?? (e.status === 'open' ? now : e.answerBy)) > e.answerBy,
  };
}

export function escalationService(d: EscalationDeps) {
  const { db } = d;
  return {
    /** Every coordination request of an order the user can read. */
    async panel(user: AuthUser, orderId: number) {
      await d.orders.loadVisible(user, orderId);
      const now = d.clock.now();
      return { items: (await escalationsOfOrder(db, orderId)).map((e) => view(e, now)) };
    },

    /** The coordination inbox: requests addressed to the user's unit or a unit below it (the centre: all). */
    async inbox(user: AuthUser, status: 'open' | 'all') {
      const { rows } = await db.query<EscalationRow & { number: string; title: string; orderStatus: string; version: number; tier: number }>(
        `select ${E_COLS}, o.number, o.title, o.status as "orderStatus", o.version, o.tier
         from ${E_FROM} join orders o on o.id = e.order_id
         where tu.path like $1 || '%' and ($2 = 'all' or e.status = 'open')
         order by (e.status = 'open') desc, e.answer_by, e.id limit 500`,
        [user.unitPath, status],
      );
      const now = d.clock.now();
      return { items: rows.map((r) => ({ ...view(r, now), number: r.number, title: r.title, orderStatus: r.orderStatus, version: r.version, tier: r.tier })) };
    },

    /** Requests of a month (city time, by request time) per requesting unit and level, and per addressed unit and level. */
    async stats(user: AuthUser, month: string) {
      checkMonth(month);
      const { start, end } = monthBounds(month, d.tz);
      const scoped = seesAll(user) ? null : user.unitPath;
      const now = d.clock.now();
      const counts = async (side: 'from' | 'to') => {
        const col = side === 'from' ? 'e.from_unit_id' : 'e.to_unit_id';
        const { rows } = await db.query<{ unitId: number; unitName: string; level: string; requested: number; open: number; coordinated: number; refused: number; cancelled: number; overdue: number }>(
          `select ${col} as "unitId", u.name as "unitName", e.level, count(*)::int as requested,
             count(*) filter (where e.status = 'open')::int as open,
             count(*) filter (where e.status = 'coordinated')::int as coordinated,
             count(*) filter (where e.status = 'refused')::int as refused,
             count(*) filter (where e.status = 'cancelled')::int as cancelled,
             count(*) filter (where e.overdue_at is not null or e.answered_at > e.answer_by or (e.status = 'open' and e.answer_by < $3))::int as overdue
           from escalations e join units u on u.id = ${col} join units fu on fu.id = e.from_unit_id join units tu on tu.id = e.to_unit_id
           where e.requested_at >= $1 and e.requested_at < $2 and ($4::text is null or fu.path like $4 || '%' or tu.path like $4 || '%')
           group by ${col}, u.name, u.code, e.level order by u.code, e.level`,
          [start, end, now, scoped],
        );
        return rows;
      };
      return { month, items: await counts('from'), addressed: await counts('to') };
    },

    sweep: () => runEscalationSweep(db, d.clock, d.effects),
    jobEntry: (intervalMs: number): JobEntry => escalationJobEntry(db, d.effects, intervalMs),
  };
}
export type EscalationService = ReturnType<typeof escalationService>;
