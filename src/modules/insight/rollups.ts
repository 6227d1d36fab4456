// Rollups 日汇总: daily order counts by (registration day, main unit, category, channel, type, current status),
// kept by an effects hook in the transaction of every order change (rollups.hook.ts) and rebuildable from the
// orders. Dashboards read these rows only, never the orders table.
import type { Db } from '../../db';
import { localDate } from '../sla';
import type { OrderRow } from '../orders/orders.repo';
import type { EffectWrite } from '../orders/effects';

export interface RollupKey {
  day: string;
  unitId: number;
  categoryId: number;
  channel: string;
  type: string;
  status: string;
}

/** The bucket an order counts in now; 0 stands for "no main unit / no category yet". */
export function keyOf(o: Pick<OrderRow, 'createdAt' | 'mainUnitId' | 'categoryId' | 'channel' | 'type' | 'status'>, tz: string): RollupKey {
  return { day: localDate(o.createdAt, tz), unitId: o.mainUnitId ?? 0, categoryId: o.categoryId ?? 0, channel: o.channel, type: o.type, status: o.status };
}

const keyString = (k: RollupKey) => `${k.day}|${k.unitId}|${k.categoryId}|${k.channel}|${k.type}|${k.status}`;

/**
 * The write that applies +1 / -1 changes to the buckets (null: they cancel out): one multi-row upsert, its keys
 * summed (distinct) and in a fixed order, so that two changes touching the same two buckets lock them in the same
 * order (no deadlock between instances).
 */
export function deltasWrite(deltas: { key: RollupKey; d: number }[]): EffectWrite | null {
  const sum = new Map<string, { key: RollupKey; d: number }>();
  for (const x of deltas) {
    const k = keyString(x.key);
    const cur = sum.get(k);
    if (cur) cur.d += x.d;
    else sum.set(k, { key: x.key, d: x.d });
  }
  const ordered = [...sum.entries()].filter(([, v]) => v.d !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  if (!ordered.length) return null;
  return {
    sql: `insert into insight_daily (day, unit_id, category_id, channel, type, status, n)
          select * from unnest($1::date[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[])
          on conflict (day, unit_id, category_id, channel, type, status) do update set n = insight_daily.n + excluded.n`,
    params: [
      ordered.map((x) => x.key.day), ordered.map((x) => x.key.unitId), ordered.map((x) => x.key.categoryId), ordered.map((x) => x.key.channel),
      ordered.map((x) => x.key.type), ordered.map((x) => x.key.status), ordered.map((x) => x.d),
    ],
  };
}

/** Recomputes every rollup row from the orders, under a lock that waits for (and holds back) concurrent changes. */
export async function rebuildRollups(db: Db, tz: string): Promise<{ rows: number; orders: number }> {
  return db.tx(async (q) => {
    // EXCLUSIVE conflicts with the hook's row-exclusive upserts: a change whose hook ran already commits first
    // (and is read below); a change whose hook has not run yet waits and then applies its delta to the rebuilt rows.
    await q.query('lock table insight_daily in exclusive mode');
    await q.query('delete from insight_daily');
    const { rowCount } = await q.query(
      `insert into insight_daily (day, unit_id, category_id, channel, type, status, n)
       select (created_at at time zone $1)::date, coalesce(main_unit_id, 0), coalesce(category_id, 0), channel, type, status, count(*)::int
       from orders group by 1, 2, 3, 4, 5, 6`,
      [tz],
    );
    const { rows } = await q.query<{ n: number }>('select coalesce(sum(n), 0)::int as n from insight_daily');
    return { rows: rowCount, orders: rows[0].n };
  });
}
