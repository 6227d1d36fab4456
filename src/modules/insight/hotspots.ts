// Hotspots 热点: clusters of orders about the same problem in the same place (cluster.ts), scored by volume,
// distinct requesters, growth against the previous window of the same length and unresolved share. The
// standard windows (7 and 30 days; settings `insight.hotspots`) are refreshed by a claimed periodic job and
// stored; any other period is computed when asked.
import type { Db, Queryable } from '../../db';
import { OPEN_STATES, sqlStates } from '../orders/lifecycle';
import type { FeatureKey } from '../assist/classifier/text';
import { bagOf, clusterWithVocabulary, DEFAULT_CLUSTER, keywordsOf, type Cluster, type ClusterDoc } from './cluster';
import { loadStreets, type Streets } from './places';
import { HOTSPOTS_LOCK, joinRecent } from './hotspot-join';

export interface HotspotSettings { windows: number[]; minSize: number; similarity: number; distanceMeters: number }
export const DEFAULT_HOTSPOTS: HotspotSettings = { windows: [7, 30], minSize: 3, similarity: DEFAULT_CLUSTER.similarity, distanceMeters: DEFAULT_CLUSTER.distanceMeters };

export interface Hotspot {
  id: string;
  label: string;
  keywords: string[];
  orderIds: number[];
  count: number;
  distinctRequesters: number;
  previous: number;
  growth: number;
  unresolvedShare: number;
  score: number;
  unitIds: number[];
  categoryId: number | null;
  center: { lat: number; lng: number } | null;
  /** per order (aligned with orderIds): its main unit (0 none), street (0 none) and category (0 none) */
  orderUnits: number[];
  orderStreets: number[];
  categoryIds: number[];
}

/** What a new order needs to join a stored hotspot (hotspot-join.ts): the cluster as the refresh left it. */
export interface JoinState {
  centroid: [FeatureKey, number][];
  centroidNorm: number;
  clusterStreets: number[];
  /** its streets and the streets that touch them */
  nearStreets: number[];
  located: number;
}

/** A refresh joins again the orders registered this long before its instant, or after it. */
const RECENT_MS = 5 * 60_000;

/** Terms kept per window for joining (the most frequent, seen in at least two orders). */
const VOCABULARY_TERMS = 20_000;

interface Row extends ClusterDoc { phone: string | null; unresolved: boolean; mainUnitId: number | null; categoryId: number | null }

export async function hotspotSettings(q: Queryable): Promise<HotspotSettings> {
  const { rows } = await q.query<{ value: Partial<HotspotSettings> }>(`select value from settings where key = 'insight.hotspots'`);
  return { ...DEFAULT_HOTSPOTS, ...(rows[0]?.value ?? {}) };
}

/** The orders registered in [from, to) with what clustering and scoring need (merged and invalid ones left out). */
async function loadOrders(q: Queryable, from: Date, to: Date, streets: { id: number; path: string }[]): Promise<Row[]> {
  const { rows } = await q.query<Omit<Row, 'streetId'> & { placePath: string | null }>(
    `select o.id, o.created_at as at, o.title, left(o.description, 400) as description, o.lat, o.lng, o.requester_phone as phone,
       o.main_unit_id as "mainUnitId", o.category_id as "categoryId", pu.path as "placePath",
       case c.level when 1 then c.id when 2 then c2.id else c2.parent_id end as category1,
       (o.status in (${sqlStates(OPEN_STATES)}) or exists (select 1 from assessment_facts f where f.order_id = o.id and f.resolution = 'unresolved')) as unresolved
     from orders o
     left join units pu on pu.id = coalesce(o.jurisdiction_unit_id, o.main_unit_id)
     left join catalog_categories c on c.id = o.category_id left join catalog_categories c2 on c2.id = c.parent_id
     where o.created_at >= $1 and o.created_at < $2 and o.status not in ('merged', 'invalid')`,
    [from, to],
  );
  return rows.map(({ placePath, ...r }) => ({ ...r, streetId: placePath ? streets.find((s) => placePath.startsWith(s.path))?.id ?? null : null }));
}

/** The score: distinct requesters count fully, repeats by the same person half; growth and unresolved share raise it. */
export function scoreOf(h: Pick<Hotspot, 'count' | 'distinctRequesters' | 'growth' | 'unresolvedShare'>): number {
  const volume = h.distinctRequesters + 0.5 * (h.count - h.distinctRequesters);
  return Math.round(volume * (1 + 0.5 * Math.min(Math.max(h.growth, 0), 4)) * (0.5 + h.unresolvedShare) * 100) / 100;
}

function joinState(c: Cluster, neighbours: Map<number, Set<number>>): JoinState {
  const streets = [...c.streets.keys()];
  const near = new Set(streets);
  for (const st of streets) for (const n of neighbours.get(st) ?? []) near.add(n);
  return { centroid: [...c.sum.entries()], centroidNorm: c.norm, clusterStreets: streets, nearStreets: [...near], located: c.located };
}

function toHotspot(c: Cluster, since: Date, windowDays: number, centre: Map<number, { lat: number; lng: number }>): Hotspot | null {
  const members = c.members as Row[];
  const cur = members.filter((m) => m.at >= since);
  if (!cur.length) return null;
  const previous = members.length - cur.length;
  const phones = new Set(cur.map((m) => m.phone ?? `#${m.id}`));
  const unresolved = cur.filter((m) => m.unresolved).length;
  const growth = previous ? (cur.length - previous) / previous : cur.length;
  const streetCounts = new Map<number, number>();
  for (const m of cur) if (m.streetId !== null) streetCounts.set(m.streetId, (streetCounts.get(m.streetId) ?? 0) + 1);
  const mainStreet = [...streetCounts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const h: Omit<Hotspot, 'score'> = {
    // Stable while its first order is in the window: clusters grow from their earliest order.
    id: `${windowDays}d-${members[0].id}`,
    label: cur.at(-1)!.title.slice(0, 40),
    keywords: keywordsOf(c),
    orderIds: cur.map((m) => m.id),
    count: cur.length,
    distinctRequesters: phones.size,
    previous,
    growth: Math.round(growth * 1000) / 1000,
    unresolvedShare: Math.round((unresolved / cur.length) * 1000) / 1000,
    unitIds: [...new Set([...cur.map((m) => m.mainUnitId), ...streetCounts.keys()].filter((x): x is number => !!x))],
    categoryId: c.category1,
    center: c.lat !== null && c.lng !== null ? { lat: c.lat, lng: c.lng } : mainStreet !== undefined ? centre.get(mainStreet) ?? null : null,
    orderUnits: cur.map((m) => m.mainUnitId ?? 0),
    orderStreets: cur.map((m) => m.streetId ?? 0),
    categoryIds: cur.map((m) => m.categoryId ?? 0),
  };
  return { ...h, score: scoreOf(h) };
}

/** Hotspots of [to − windowDays, to): orders of twice the window are clustered, so growth compares like with like. */
export async function computeHotspots(q: Queryable, to: Date, windowDays: number, s?: HotspotSettings): Promise<Hotspot[]> {
  return (await computeWindow(q, to, windowDays, s)).hotspots.map(({ join: _j, ...h }) => h);
}

/** The orders of the widest window (and its previous one), read once for every window of a refresh, each order's bag built once. */
interface Loaded { streets: Streets; docs: Row[]; bagFor: (d: ClusterDoc) => Map<FeatureKey, number> }

/** The window's hotspots with their join state, and the vocabulary (document frequencies) they were computed with. */
async function computeWindow(q: Queryable, to: Date, windowDays: number, s?: HotspotSettings, loaded?: Loaded): Promise<{ hotspots: (Hotspot & { join: JoinState })[]; df: Map<FeatureKey, number>; n: number; docs: ClusterDoc[] }> {
  const settings = s ?? (await hotspotSettings(q));
  const streets = loaded?.streets ?? (await loadStreets(q));
  const since = new Date(to.getTime() - windowDays * 86_400_000);
  const from = new Date(since.getTime() - windowDays * 86_400_000);
  const docs = loaded ? loaded.docs.filter((d) => d.at >= from) : await loadOrders(q, from, to, streets.paths);
  const { clusters, df, n } = clusterWithVocabulary(docs, { ...DEFAULT_CLUSTER, similarity: settings.similarity, distanceMeters: settings.distanceMeters, neighbours: streets.neighbours }, loaded?.bagFor);
  const hotspots = clusters
    .map((c) => {
      const h = toHotspot(c, since, windowDays, streets.centre);
      return h && h.count >= settings.minSize ? { ...h, join: joinState(c, streets.neighbours) } : null;
    })
    .filter((h): h is Hotspot & { join: JoinState } => h !== null)
    .sort((a, b) => b.score - a.score || b.count - a.count);
  return { hotspots, df, n, docs };
}

/** Recomputes and stores the hotspots of every standard window, with what a new order needs to join them (one transaction per refresh). */
export async function refreshHotspots(db: Db, now: Date): Promise<{ windows: { days: number; hotspots: number }[]; ms: number }> {
  const started = Date.now();
  const settings = await hotspotSettings(db);
  const out: { days: number; hotspots: number }[] = [];
  const computed: { days: number; list: (Hotspot & { join: JoinState })[]; terms: [string, number][]; n: number; minDf: number }[] = [];
  const recent = new Date(now.getTime() - RECENT_MS);
  const seen = new Set<number>();
  // One read of the orders for all windows (a window and the one before it, for growth, are 2 × its days long). The
  // windows are clustered narrowest first; they share the orders' bags, and the widest takes each out as it uses it.
  const streets = await loadStreets(db);
  const sizes = [...new Set(settings.windows)].sort((a, b) => a - b);
  const all = sizes.length ? await loadOrders(db, new Date(now.getTime() - 2 * sizes[sizes.length - 1] * 86_400_000), now, streets.paths) : [];
  const bags = new Map<number, Map<FeatureKey, number>>();
  const keep = (d: ClusterDoc) => {
    let b = bags.get(d.id);
    if (!b) bags.set(d.id, (b = bagOf(d)));
    return b;
  };
  const take = (d: ClusterDoc) => {
    const b = bags.get(d.id) ?? bagOf(d);
    bags.delete(d.id);
    return b;
  };
  const windows = new Map<number, Awaited<ReturnType<typeof computeWindow>>>();
  for (const [i, days] of sizes.entries()) windows.set(days, await computeWindow(db, now, days, settings, { streets, docs: all, bagFor: i === sizes.length - 1 ? take : keep }));
  for (const days of settings.windows) {
    const w = windows.get(days)!;
    for (const d of w.docs) if (d.at >= recent) seen.add(d.id);
    const frequent = [...w.df.entries()].filter(([, f]) => f >= 2).sort((a, b) => b[1] - a[1]);
    const terms = frequent.slice(0, VOCABULARY_TERMS).map(([k, f]): [string, number] => [String(k), f]);
    // A term missing from the vocabulary was seen in no order of the window, or (when it was cut) at most this often.
    const minDf = frequent.length > VOCABULARY_TERMS ? terms[terms.length - 1][1] : 0;
    computed.push({ days, list: w.hotspots, terms, n: w.n, minDf });
  }
  await db.tx(async (q) => {
    // Alone against joins (hotspot-join.ts): none writes to a hotspot this transaction is replacing.
    await q.query('select pg_advisory_xact_lock($1)', [HOTSPOTS_LOCK]);
    await q.query('delete from insight_hotspots');
    await q.query('delete from insight_vocabulary');
    for (const { days, list, terms, n, minDf } of computed) {
      for (const h of list) {
        const j = h.join;
        await q.query(
          `insert into insight_hotspots (window_days, id, computed_at, label, keywords, order_ids, order_units, order_streets, category_ids, count, distinct_requesters, previous, growth, unresolved_share, score, category1_id, center,
             centroid, centroid_norm, cluster_streets, near_streets, located, window_docs, window_min_df)
           values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24)`,
          [days, h.id, now, h.label, h.keywords, h.orderIds, h.orderUnits, h.orderStreets, h.categoryIds, h.count, h.distinctRequesters, h.previous, h.growth, h.unresolvedShare, h.score, h.categoryId, h.center ? JSON.stringify(h.center) : null,
            JSON.stringify(j.centroid), j.centroidNorm, j.clusterStreets, j.nearStreets, j.located, n, minDf],
        );
      }
      for (let i = 0; i < terms.length; i += 5000) {
        const part = terms.slice(i, i + 5000);
        await q.query('insert into insight_vocabulary (window_days, term, df) select $1, t, f from unnest($2::text[], $3::int[]) as v(t, f)', [days, part.map((t) => t[0]), part.map((t) => t[1])]);
      }
      out.push({ days, hotspots: list.length });
    }
    // Orders registered while the windows were computed joined the hotspots just replaced, or none: they join these.
    // (A late commit may carry an instant from before `now`: recent orders that no window loaded are among them.)
    await joinRecent(q, recent, now, seen);
  });
  return { windows: out, ms: Date.now() - started };
}

export async function storedHotspots(q: Queryable, windowDays: number): Promise<{ computedAt: Date | null; items: Hotspot[] }> {
  const { rows } = await q.query<Hotspot & { computedAt: Date }>(
    `select id, computed_at as "computedAt", label, keywords, order_ids as "orderIds", order_units as "orderUnits", order_streets as "orderStreets",
       category_ids as "categoryIds", count, distinct_requesters as "distinctRequesters", previous, growth, unresolved_share as "unresolvedShare",
       score, category1_id as "categoryId", center from insight_hotspots where window_days = $1 order by score desc, count desc`,
    [windowDays],
  );
  return {
    computedAt: rows[0]?.computedAt ?? null,
    items: rows.map(({ computedAt: _c, ...h }) => ({ ...h, unitIds: [...new Set([...h.orderUnits, ...h.orderStreets].filter((x) => x > 0))] })),
  };
}
