// A new order joins its hotspot 热点 at registration, in the registration's transaction, on whichever instance took
// it: the stored hotspots keep their clusters' centroids and places (0035), so the order is compared with the
// hotspots near it exactly as the refresh's clustering would compare it (cluster.ts), and appended to the most
// similar one of each window. Orders that would start a new hotspot together wait for the next refresh, which
// recomputes everything from the orders. A join and a refresh's write exclude each other (an advisory lock, shared by
// joins), and the refresh joins again the orders registered while it was computing, so no order falls between them.
import type { Queryable } from '../../db';
import type { FeatureKey } from '../assist/classifier/text';
import { distanceMeters } from '../geo';
import type { EffectHook } from '../orders/effects';
import type { OrderRow } from '../orders/orders.repo';
import { add, bagOf, DEFAULT_CLUSTER, cosine, vectorOf, type Cluster, type ClusterDoc } from './cluster';
import { DEFAULT_HOTSPOTS, scoreOf, type HotspotSettings } from './hotspots';

interface Candidate {
  windowDays: number;
  id: string;
  centroid: [FeatureKey, number][];
  centroidNorm: number;
  clusterStreets: number[];
  nearStreets: number[];
  hotspotCategory1: number | null;
  center: { lat: number; lng: number } | null;
  located: number;
  windowDocs: number;
  windowMinDf: number;
}

/** Joins share it; a refresh's write takes it alone. */
export const HOTSPOTS_LOCK = 7_310_035;

/** Within about this many degrees of a hotspot's centre (a prefilter; the distance itself is checked after). */
const DEG = 0.05;

/** What a join reads of an order. */
export type JoinOrder = Pick<OrderRow, 'id' | 'title' | 'description' | 'lat' | 'lng' | 'categoryId' | 'jurisdictionUnitId' | 'mainUnitId' | 'status'>;

/**
 * Joins the order to the most similar stored hotspot of each window (but `skipWindows`); the ids of the hotspots it
 * joined. `locked`: the caller holds the hotspots lock (a refresh).
 */
export async function joinHotspots(q: Queryable, o: JoinOrder, at: Date, opts: { locked?: boolean; skipWindows?: Set<number> } = {}): Promise<string[]> {
  if (o.status === 'merged' || o.status === 'invalid') return [];
  // Its own statement: the next one's snapshot must see a refresh that committed while this waited.
  if (!opts.locked) await q.query('select pg_advisory_xact_lock_shared($1)', [HOTSPOTS_LOCK]);
  const place = o.jurisdictionUnitId ?? o.mainUnitId;
  const located = o.lat !== null && o.lng !== null;
  // One round trip: the order's street and first-level category, the settings, and the hotspots near it (none: done).
  type Row = { street: number | null; category1: number | null; settings: Partial<HotspotSettings> | null } & ({ [K in keyof Candidate]: Candidate[K] | null });
  const { rows } = await q.query<Row>(
    `with p as (
       select (select s.id from units pu join units s on s.type in ('street','town') and pu.path like s.path || '%' where pu.id = $1 order by s.id limit 1) as street,
         (select case c.level when 1 then c.id when 2 then c2.id else c2.parent_id end from catalog_categories c left join catalog_categories c2 on c2.id = c.parent_id where c.id = $2) as category1,
         (select value from settings where key = 'insight.hotspots') as settings)
     select p.street, p.category1, p.settings, h.window_days as "windowDays", h.id, h.centroid, h.centroid_norm as "centroidNorm", h.cluster_streets as "clusterStreets",
       h.near_streets as "nearStreets", h.category1_id as "hotspotCategory1", h.center, h.located, h.window_docs as "windowDocs", h.window_min_df as "windowMinDf"
     from p left join insight_hotspots h
       on (p.category1 is null or h.category1_id is null or h.category1_id = p.category1)
       and ((p.street is not null and h.near_streets @> array[p.street]) or (p.street is null and cardinality(h.cluster_streets) = 0)
         or ($3::float8 is not null and h.located > 0 and abs((h.center->>'lat')::float8 - $3) < ${DEG} and abs((h.center->>'lng')::float8 - $4::float8) < ${DEG}))`,
    [place, o.categoryId, located ? o.lat : null, located ? o.lng : null],
  );
  const p = rows[0];
  const settings = { ...DEFAULT_HOTSPOTS, ...(p.settings ?? {}) };
  // the left join's rows with a hotspot (their columns are then all set)
  const candidates = rows.filter((r): r is Row & Candidate => r.id !== null && !opts.skipWindows?.has(r.windowDays!));
  if (!candidates.length) return [];
  const doc: ClusterDoc = { id: o.id, at, title: o.title, description: o.description ?? '', streetId: p.street, lat: located ? o.lat : null, lng: located ? o.lng : null, category1: p.category1 };
  const bag = bagOf(doc);
  const joined: string[] = [];
  // Windows in a fixed order, so two registrations locking the same two hotspot rows never deadlock.
  for (const days of [...new Set(candidates.map((c) => c.windowDays))].sort((a, b) => a - b)) {
    const inWindow = candidates.filter((c) => c.windowDays === days && placeFits(doc, c, settings.distanceMeters));
    if (!inWindow.length) continue;
    const { rows: vocab } = await q.query<{ term: string; df: number }>('select term, df from insight_vocabulary where window_days = $1 and term = any($2::text[])', [days, [...bag.keys()].map(String)]);
    const df = new Map(vocab.map((v) => [v.term, v.df]));
    const first = inWindow[0];
    // As if the order had been among the window's documents: one more document, each of its terms seen once more.
    const v = vectorOf(bag, first.windowDocs + 1, (k) => (df.get(String(k)) ?? first.windowMinDf) + 1);
    let best: Candidate | null = null;
    let bestSim = settings.similarity;
    for (const c of inWindow) {
      const sim = cosine(v, { sum: new Map(c.centroid), norm: c.centroidNorm });
      if (sim >= bestSim) {
        best = c;
        bestSim = sim;
      }
    }
    if (best && (await appendTo(q, best, doc, v, o))) joined.push(best.id);
  }
  return joined;
}

function placeFits(d: ClusterDoc, c: Candidate, maxMeters: number): boolean {
  if (d.lat !== null && d.lng !== null && c.located > 0 && c.center && distanceMeters({ lat: d.lat, lng: d.lng }, c.center) <= maxMeters) return true;
  if (d.streetId === null) return c.clusterStreets.length === 0;
  return c.nearStreets.includes(d.streetId);
}

/** Appends the order to the hotspot (its row locked, read again: another order may have joined it meanwhile). */
async function appendTo(q: Queryable, c: Candidate, d: ClusterDoc, v: Map<FeatureKey, number>, o: Pick<OrderRow, 'id' | 'mainUnitId' | 'categoryId'>): Promise<boolean> {
  const { rows: [h] } = await q.query<{ centroid: [FeatureKey, number][]; clusterStreets: number[]; nearStreets: number[]; located: number; center: { lat: number; lng: number } | null; count: number; previous: number; unresolvedShare: number; orderIds: number[]; distinctRequesters: number }>(
    `select centroid, cluster_streets as "clusterStreets", near_streets as "nearStreets", located, center, count, previous, unresolved_share as "unresolvedShare", order_ids as "orderIds",
       distinct_requesters as "distinctRequesters"
     from insight_hotspots where window_days = $1 and id = $2 for update`,
    [c.windowDays, c.id],
  );
  if (!h || h.orderIds.includes(o.id)) return false;
  const cluster: Cluster = {
    members: [], sum: new Map(h.centroid), norm: 0, streets: new Map(h.clusterStreets.map((s) => [s, 1])), category1: c.hotspotCategory1,
    lat: h.located > 0 ? h.center?.lat ?? null : null, lng: h.located > 0 ? h.center?.lng ?? null : null, located: h.located,
  };
  add(cluster, d, v, DEFAULT_CLUSTER);
  const count = h.count + 1;
  // A new order is open: unresolved.
  const unresolvedShare = Math.round(((h.unresolvedShare * h.count + 1) / count) * 1000) / 1000;
  const growth = Math.round((h.previous ? (count - h.previous) / h.previous : count) * 1000) / 1000;
  // Distinct requesters (a phone, or the order itself without one) grow by one unless the new order's phone is already
  // among the hotspot's orders: a lookup of that phone's orders (orders_phone_idx), not a recount of the hotspot's.
  const { rows: [r] } = await q.query<{ seen: boolean }>(
    `select exists (select 1 from orders where requester_phone = (select requester_phone from orders where id = $2) and id = any($1::int[])) as seen`,
    [h.orderIds, o.id],
  );
  const distinct = h.distinctRequesters + (r.seen ? 0 : 1);
  const score = scoreOf({ count, distinctRequesters: distinct, growth, unresolvedShare });
  const center = cluster.located > 0 && cluster.lat !== null && cluster.lng !== null ? JSON.stringify({ lat: cluster.lat, lng: cluster.lng }) : null;
  await q.query(
    `update insight_hotspots set label = left($3, 40), order_ids = order_ids || $4::int, order_units = order_units || $5::int, order_streets = order_streets || $6::int,
       category_ids = category_ids || $7::int, count = $8, distinct_requesters = $9, growth = $10, unresolved_share = $11, score = $12,
       centroid = $13, centroid_norm = $14, cluster_streets = $15, near_streets = $16, located = $17, center = coalesce($18::jsonb, center)
     where window_days = $1 and id = $2`,
    [c.windowDays, c.id, d.title, o.id, o.mainUnitId ?? 0, d.streetId ?? 0, o.categoryId ?? 0, count, distinct, growth, unresolvedShare, score,
      JSON.stringify([...cluster.sum.entries()]), cluster.norm, [...cluster.streets.keys()], [...new Set([...h.nearStreets, ...(d.streetId !== null ? [d.streetId] : [])])], cluster.located, center],
  );
  return true;
}

/** The effects hook: every registered order tries to join its hotspots in the registration's transaction. */
export const hotspotJoinHook: EffectHook = async (q, e) => {
  if (e.cause === 'register') await joinHotspots(q, e.order, e.at);
};

/**
 * In a refresh's transaction, holding the lock, after its hotspots are written: the orders registered since `since`
 * that its clustering did not see (registered while it was computing) try to join each window they are not in yet.
 */
export async function joinRecent(q: Queryable, since: Date, at: Date, clustered: Set<number>): Promise<number> {
  const { rows } = await q.query<JoinOrder & { inWindows: number[] }>(
    `select o.id, o.title, o.description, o.lat, o.lng, o.category_id as "categoryId", o.jurisdiction_unit_id as "jurisdictionUnitId", o.main_unit_id as "mainUnitId", o.status,
       array(select h.window_days from insight_hotspots h where h.order_ids @> array[o.id]) as "inWindows"
     from orders o where o.created_at >= $1 and o.status not in ('merged', 'invalid') order by o.id`,
    [since],
  );
  let n = 0;
  for (const o of rows) if (!clustered.has(o.id)) n += (await joinHotspots(q, o, at, { locked: true, skipWindows: new Set(o.inWindows) })).length;
  return n;
}
