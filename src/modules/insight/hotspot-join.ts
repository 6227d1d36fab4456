// A new order joins its hotspot 热点 soon after registration, on whichever instance is free: the registration only
// queues it (insight_join_queue, one insert in its transaction), and a join pass takes the queue in batches — woken by
// the orders' NOTIFY on every instance, and polled as a backstop — so the hotspots' statements and their text work stay
// out of the registration's path and are paid once per batch. The stored hotspots keep their clusters' centroids and
// places (0035), so a queued order is compared with the hotspots near it exactly as the refresh's clustering would
// compare it (cluster.ts), and appended to the most similar one of each window. Orders that would start a new hotspot
// together wait for the next refresh, which recomputes everything from the orders. A pass and a refresh's write exclude
// each other (an advisory lock, shared by passes), one instance drains the queue at a time (a second, try-lock), and
// the refresh joins again the orders registered while it was computing, so no order falls between them.
import type { Db, Queryable } from '../../db';
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
/** Held (tried, never waited for) by the one pass that drains the queue. */
export const JOIN_QUEUE_LOCK = 7_310_037;

/** Within about this many degrees of a hotspot's centre (a prefilter; the distance itself is checked after). */
const DEG = 0.05;

/** What a join reads of an order, with its street, first-level category and the windows whose hotspots hold it. */
interface JoinOrder extends Pick<OrderRow, 'id' | 'title' | 'description' | 'lat' | 'lng' | 'categoryId' | 'mainUnitId'> {
  street: number | null;
  category1: number | null;
  inWindows: number[];
}

/** The orders that may join (not merged or invalid) among those `where` picks, in id order; `with`: a CTE before. */
async function joinOrdersOf(q: Queryable, where: string, params: unknown[], withSql = ''): Promise<JoinOrder[]> {
  return (await q.query<JoinOrder>(
    `${withSql} select o.id, o.title, o.description, o.lat, o.lng, o.category_id as "categoryId", o.main_unit_id as "mainUnitId",
       (select s.id from units pu join units s on s.type in ('street','town') and pu.path like s.path || '%'
        where pu.id = coalesce(o.jurisdiction_unit_id, o.main_unit_id) order by s.id limit 1) as street,
       (select case c.level when 1 then c.id when 2 then c2.id else c2.parent_id end from catalog_categories c
        left join catalog_categories c2 on c2.id = c.parent_id where c.id = o.category_id) as category1,
       array(select h.window_days from insight_hotspots h where h.order_ids @> array[o.id]) as "inWindows"
     from orders o where ${where} and o.status not in ('merged', 'invalid') order by o.id`,
    params,
  )).rows;
}

/** Whether a stored hotspot is worth comparing with the order: a compatible category, then its street or nearness. */
function near(o: JoinOrder, h: Candidate): boolean {
  if (o.category1 !== null && h.hotspotCategory1 !== null && h.hotspotCategory1 !== o.category1) return false;
  if (o.street !== null && h.nearStreets.includes(o.street)) return true;
  if (o.street === null && h.clusterStreets.length === 0) return true;
  return o.lat !== null && o.lng !== null && h.located > 0 && h.center !== null && Math.abs(h.center.lat - o.lat) < DEG && Math.abs(h.center.lng - o.lng) < DEG;
}

/**
 * Joins each order to the most similar stored hotspot of each window it is not in yet; how many joins were made.
 * The caller holds the hotspots lock (shared by passes, alone for a refresh) in its transaction `q`. One read of the
 * settings and hotspots, and one of the vocabulary, serve the whole batch; a hotspot an order joined is updated in
 * memory too, so the next order of the batch is compared with it as it now is.
 */
async function joinOrders(q: Queryable, orders: JoinOrder[], at: Date): Promise<number> {
  if (!orders.length) return 0;
  // One round trip: the settings (on every row, or on the one row of no hotspot) and every stored hotspot.
  const { rows } = await q.query<{ settings: Partial<HotspotSettings> | null } & ({ [K in keyof Candidate]: Candidate[K] | null })>(
    `select s.value as settings, h.window_days as "windowDays", h.id, h.centroid, h.centroid_norm as "centroidNorm", h.cluster_streets as "clusterStreets",
       h.near_streets as "nearStreets", h.category1_id as "hotspotCategory1", h.center, h.located, h.window_docs as "windowDocs", h.window_min_df as "windowMinDf"
     from (select (select value from settings where key = 'insight.hotspots') as value) s left join insight_hotspots h on true order by h.window_days, h.id`,
  );
  const settings = { ...DEFAULT_HOTSPOTS, ...(rows[0].settings ?? {}) };
  const hotspots = rows.filter((r): r is typeof r & Candidate => r.id !== null);
  if (!hotspots.length) return 0;
  // Only the orders with a hotspot near them are worth their text features.
  const docs = orders.flatMap((o) => {
    const nearby = hotspots.filter((h) => !o.inWindows.includes(h.windowDays) && near(o, h));
    if (!nearby.length) return [];
    const located = o.lat !== null && o.lng !== null;
    const doc: ClusterDoc = { id: o.id, at, title: o.title, description: o.description ?? '', streetId: o.street, lat: located ? o.lat : null, lng: located ? o.lng : null, category1: o.category1 };
    return [{ o, doc, bag: bagOf(doc), nearby }];
  });
  // Windows in a fixed order, so a pass and a refresh's re-join never lock the same two hotspot rows in two orders.
  const windows = [...new Set(hotspots.map((h) => h.windowDays))].sort((a, b) => a - b);
  // One round trip: the document frequencies of the batch's terms in the windows that have a hotspot near an order.
  const dfs = new Map<number, Map<string, number>>(windows.map((days) => [days, new Map()]));
  const wanted = new Set<number>();
  const terms = new Set<string>();
  for (const d of docs) {
    for (const h of d.nearby) wanted.add(h.windowDays);
    for (const k of d.bag.keys()) terms.add(String(k));
  }
  if (terms.size) {
    const { rows: vocab } = await q.query<{ days: number; term: string; df: number }>(
      'select window_days as days, term, df from insight_vocabulary where window_days = any($1::int[]) and term = any($2::text[])',
      [[...wanted], [...terms]],
    );
    for (const v of vocab) dfs.get(v.days)?.set(v.term, v.df);
  }
  let n = 0;
  for (const { o, doc, bag, nearby } of docs) {
    for (const days of windows) {
      const inWindow = nearby.filter((c) => c.windowDays === days && placeFits(doc, c, settings.distanceMeters));
      if (!inWindow.length) continue;
      const df = dfs.get(days)!;
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
      if (best && (await appendTo(q, best, doc, v, o))) n++;
    }
  }
  return n;
}

function placeFits(d: ClusterDoc, c: Candidate, maxMeters: number): boolean {
  if (d.lat !== null && d.lng !== null && c.located > 0 && c.center && distanceMeters({ lat: d.lat, lng: d.lng }, c.center) <= maxMeters) return true;
  if (d.streetId === null) return c.clusterStreets.length === 0;
  return c.nearStreets.includes(d.streetId);
}

/**
 * Appends the order to the hotspot (its row locked, read again: a refresh's re-join may have changed it), and brings
 * the batch's in-memory copy `c` up to date.
 */
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
  const centerAt = cluster.located > 0 && cluster.lat !== null && cluster.lng !== null ? { lat: cluster.lat, lng: cluster.lng } : null;
  const center = centerAt ? JSON.stringify(centerAt) : null;
  const nearStreets = [...new Set([...h.nearStreets, ...(d.streetId !== null ? [d.streetId] : [])])];
  Object.assign(c, { centroid: [...cluster.sum.entries()], centroidNorm: cluster.norm, clusterStreets: [...cluster.streets.keys()], nearStreets, located: cluster.located, center: centerAt ?? h.center });
  await q.query(
    `update insight_hotspots set label = left($3, 40), order_ids = order_ids || $4::int, order_units = order_units || $5::int, order_streets = order_streets || $6::int,
       category_ids = category_ids || $7::int, count = $8, distinct_requesters = $9, growth = $10, unresolved_share = $11, score = $12,
       centroid = $13, centroid_norm = $14, cluster_streets = $15, near_streets = $16, located = $17, center = coalesce($18::jsonb, center)
     where window_days = $1 and id = $2`,
    [c.windowDays, c.id, d.title, o.id, o.mainUnitId ?? 0, d.streetId ?? 0, o.categoryId ?? 0, count, distinct, growth, unresolvedShare, score,
      JSON.stringify(c.centroid), cluster.norm, c.clusterStreets, nearStreets, cluster.located, center],
  );
  return true;
}

/** The effects hook: every registered order is queued for a join pass, in the registration's transaction (a batched write). */
export const hotspotJoinHook: EffectHook = async (_q, e) => {
  if (e.cause === 'register' && e.order.status !== 'merged' && e.order.status !== 'invalid') {
    e.write({ sql: 'insert into insight_join_queue (order_id, queued_at) values ($1, $2) on conflict do nothing', params: [e.order.id, e.at] });
  }
};

/** Orders a pass takes from the queue at once. */
export const JOIN_BATCH = 500;

/**
 * One join pass: takes up to `limit` queued orders (oldest first) and joins them, in one transaction — a crash leaves
 * them queued. `taken`: the orders taken that may join (a merged or invalid one leaves the queue unjoined); `busy`:
 * another instance's pass holds the queue, and will take these orders.
 */
export async function joinQueued(db: Db, at: Date, limit = JOIN_BATCH): Promise<{ taken: number; joined: number; busy: boolean }> {
  return db.tx(async (q) => {
    // The queue's try-lock first (offset 0 keeps the subquery, and so the order of the two calls); then, if it is ours,
    // the hotspots' shared lock. Their own statement: the next one's snapshot must see a refresh that committed while
    // this waited.
    const { rows: [l] } = await q.query<{ ok: boolean }>(
      'select ok, case when ok then pg_advisory_xact_lock_shared($2)::text end as shared from (select pg_try_advisory_xact_lock($1) as ok offset 0) t',
      [JOIN_QUEUE_LOCK, HOTSPOTS_LOCK],
    );
    if (!l.ok) return { taken: 0, joined: 0, busy: true };
    // One round trip: take the oldest queued orders and read them.
    const orders = await joinOrdersOf(q, 'o.id in (select id from taken)', [limit],
      'with taken as (delete from insight_join_queue where order_id in (select order_id from insight_join_queue order by order_id limit $1) returning order_id as id)');
    return { taken: orders.length, joined: await joinOrders(q, orders, at), busy: false };
  });
}

/**
 * In a refresh's transaction, holding the lock, after its hotspots are written: the orders registered since `since`
 * that its clustering did not see (registered while it was computing) try to join each window they are not in yet.
 */
export async function joinRecent(q: Queryable, since: Date, at: Date, clustered: Set<number>): Promise<number> {
  const orders = await joinOrdersOf(q, 'o.created_at >= $1', [since]);
  const joined = await joinOrders(q, orders.filter((o) => !clustered.has(o.id)), at);
  // The refresh has placed these orders (clustered, or joined just now), and every older one (its windows read them, or
  // they are older than any window): a queued pass has nothing left to do for them. The recent ones by id, not by
  // time: an order committed after the select above stays queued.
  await q.query(
    `delete from insight_join_queue j where j.order_id = any($1::int[]) or exists (select 1 from orders o where o.id = j.order_id and o.created_at < $2)`,
    [[...new Set([...clustered, ...orders.map((o) => o.id)])], since],
  );
  return joined;
}
