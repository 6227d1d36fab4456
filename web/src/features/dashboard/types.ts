// The answer of GET /api/v1/dashboard/summary (see src/modules/insight/insight.schemas.ts).
export interface KeyCount { key: string; count: number }
export interface RankItem {
  unitId: number; unitName: string; rank: number | null; assessed: number; evaluated: number;
  responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null; composite: number | null; change: number | null;
}
export interface OrderLine { id: number; number: string; title: string; status: string; unitId: number | null; unitName: string | null; resolveDueAt: string | null }
export interface Summary {
  unit: { id: number; name: string; type: string } | null;
  from: string; to: string; now: string;
  total: { count: number; previous: number; previousFrom: string; previousTo: string };
  today: { date: string; count: number; yesterday: number; sameDayLastWeek: number };
  month: { month: string; count: number; lastMonthSamePeriod: number };
  byChannel: KeyCount[]; byType: KeyCount[]; byStatus: KeyCount[];
  topCategories: { categoryId: number | null; name: string; count: number }[];
  byDay: { day: string; count: number }[];
  areas: { unitId: number; name: string; type: string; hasGeometry: boolean; count: number; open: number }[];
  rates: { month: string; own: RankItem | null; rankings: { street?: RankItem[]; department?: RankItem[] } };
  overdue: { count: number; items: OrderLine[] };
  supervised: { count: number; items: OrderLine[] };
  hotspots: { id: string; label: string; keywords: string[]; count: number; growth: number; score: number; orderIds: number[] }[];
  warnings: { id: number; kind: string; title: string; state: string; unitName: string | null; orderIds: number[] }[];
}
export interface Areas { type: 'FeatureCollection'; features: { type: 'Feature'; id: number; properties: { unitId: number; name: string; type: string }; geometry: unknown }[] }

/** What a click on a number drills down to: the order list's filters. */
export interface Drill {
  title: string;
  query: Record<string, string | number | boolean | undefined>;
  /** the orders themselves (a hotspot's, a warning's) instead of a filter */
  ids?: number[];
}

export const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
/** Change against a comparison, as text: +12.5% / −3.0% / — */
export function delta(now: number, before: number): { text: string; up: boolean | null } {
  if (!before) return { text: now ? '新增' : '—', up: now ? true : null };
  const d = (now - before) / before;
  return { text: `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(1)}%`, up: d === 0 ? null : d > 0 };
}
/** The order list's created-at bounds for city dates (the demo city is +08:00). */
export const dayRange = (from: string, to: string) => ({ from: `${from}T00:00:00+08:00`, to: `${to}T23:59:59+08:00` });
