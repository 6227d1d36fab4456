// One unit's scorecard 考核单: its figures over 12 months and every order behind each lost point.
import type { Queryable } from '../../db';
import { addMonths } from './month';
import { publishedVersions } from './publish';
import { DEFAULT_WEIGHTS, emptyCounts, figures, sourceSql, unitMonthCounts, type Counts, type Figures, type Source, type Weights } from './rates';

export interface LostOrder {
  orderId: number;
  number: string;
  title: string;
  endedAt: string | null;
  contactDueAt: string | null;
  firstContactAt: string | null;
  evaluation: string | null;
  resolution: string | null;
  satisfaction: string | null;
  exemption: string | null;
  exemptionReason: string | null;
}

export type LostKind = 'lateContact' | 'unresolved' | 'unsatisfied' | 'exempted';

/** approved exemption: the order left every denominator of the unit */
const X = `coalesce(f.exemption = 'approved', false)`;
const LOST: Record<LostKind, string> = {
  lateContact: `not ${X} and (f.first_contact_at is null or f.contact_due_at is null or f.first_contact_at > f.contact_due_at)`,
  unresolved: `not ${X} and f.evaluation = 'evaluated' and f.resolution <> 'resolved'`,
  unsatisfied: `not ${X} and f.evaluation = 'evaluated' and f.satisfaction <> 'satisfied'`,
  // written as the exempted index's predicate, so that the planner uses it
  exempted: `f.exemption = 'approved'`,
};

export const LOST_KINDS: readonly LostKind[] = ['lateContact', 'unresolved', 'unsatisfied', 'exempted'];

export interface LostOptions {
  /** the first `limit` of each kind in registration order (order ids ascend as orders are registered) */
  limit?: number;
  /** keyset paging: only orders with a greater id (with one kind, for the next page) */
  after?: number;
  kinds?: readonly LostKind[];
}

/**
 * The orders of a month (one unit, or every unit when unitId is null) behind each kind of lost point. Without a
 * limit, all of them listed by number (the month's report). With a limit (the scorecard and its pages), each kind is
 * its own index scan over the unit's month in order-id order that stops after `limit` matches (0033), only the rows
 * shown are joined to the orders, and they come in order-id order so that `after` pages on: reading every fact of a
 * unit's month cost ~1.7 s at 10,000,000 orders, and joining 500 of each kind to cold order rows ~200 ms.
 */
export async function lostOrders(q: Queryable, month: string, src: Source, unitId: number | null, o: LostOptions = {}): Promise<(LostOrder & { kind: LostKind; unitId: number })[]> {
  const s = sourceSql(src, 1, 2);
  const params: unknown[] = [month, ...s.params(0)];
  if (unitId !== null) params.push(unitId);
  const unitCond = unitId !== null ? `and f.unit_id = $${params.length}` : '';
  if (o.after !== undefined) params.push(o.after);
  const afterCond = o.after !== undefined ? `and f.order_id > $${params.length}` : '';
  const limit = o.limit ? `order by f.order_id limit ${Math.floor(o.limit)}` : '';
  const kinds = (o.kinds ?? LOST_KINDS)
    .map((k) => `(select '${k}' as kind, f.* from ${s.table} f where ${s.where} ${unitCond} ${afterCond} and ${LOST[k]} ${limit})`)
    .join(' union all ');
  const { rows } = await q.query<LostOrder & { kind: LostKind; unitId: number; endedAt: Date | null; contactDueAt: Date | null; firstContactAt: Date | null }>(
    `select k.kind, k.unit_id as "unitId", k.order_id as "orderId", o.number, o.title, k.ended_at as "endedAt", k.contact_due_at as "contactDueAt",
       k.first_contact_at as "firstContactAt", k.evaluation, k.resolution, k.satisfaction, k.exemption, k.exemption_reason as "exemptionReason"
     from (${kinds}) k join orders o on o.id = k.order_id order by k.kind, k.unit_id, ${o.limit ? 'k.order_id' : 'o.number'}`,
    params,
  );
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return rows.map((r) => ({ ...r, endedAt: iso(r.endedAt), contactDueAt: iso(r.contactDueAt), firstContactAt: iso(r.firstContactAt) }));
}

/** How many orders each kind of lost point holds, from a unit's counts of the month (the lists show the first of them). */
export function lostTotals(c: Counts): Record<LostKind, number> {
  return { lateContact: c.assessed - c.responded, unresolved: c.evaluated - c.resolved, unsatisfied: c.evaluated - c.satisfied, exempted: c.exempted };
}

/** Figures of one unit for the 12 months ending at `month`; published months from their latest version. */
export async function trend(q: Queryable, unitId: number, month: string, weightsOf: (months: string[]) => Promise<Map<string, Weights>>): Promise<(Figures & { month: string; published: boolean })[]> {
  const months = Array.from({ length: 12 }, (_, i) => addMonths(month, i - 11));
  const versions = await publishedVersions(q, months);
  const counts = await unitMonthCounts(q, unitId, months.filter((m) => !versions.has(m)), versions);
  const weights = await weightsOf(months);
  return months.map((m) => ({ month: m, published: versions.has(m), ...figures(counts.get(m) ?? emptyCounts(unitId), weights.get(m) ?? DEFAULT_WEIGHTS) }));
}
