// Monthly ranking within a unit type: shared ranks for ties, month-on-month change and the four categories
// 先进类 / 进步类 / 整改类 / 治理类 (thresholds in CATEGORY_RULES; see docs/DECISIONS.md).
import { emptyCounts, figures, withWhistle, type Counts, type Figures, type Weights } from './rates';

export const ASSESSED_TYPES = ['street', 'town', 'department', 'company', 'property'] as const;
export type AssessedType = (typeof ASSESSED_TYPES)[number];
export type Category = 'advanced' | 'improved' | 'rectify' | 'governance';

export const CATEGORY_RULES = {
  /** 先进类: the top 10 % of the ranked units, at least 1 and at most 3. */
  advancedShare: 0.1, advancedMax: 3,
  /** 整改类: the bottom 10 % of the ranked units, at least 1 and at most 10. */
  rectifyShare: 0.1, rectifyMax: 10,
  /** 进步类: the largest positive month-on-month gains among the rest, as many as 先进类. */
  /** 治理类: among the rest, request density (orders per 10,000 residents) above the type's median and composite below it. */
};

export interface RankUnit {
  id: number;
  name: string;
  population: number | null;
}

export interface RankingItem extends Figures {
  unitName: string;
  rank: number | null;
  change: number | null;
  category: Category | null;
  population: number | null;
  /** orders (assessed + exempted) per 10,000 residents; null without a population */
  density: number | null;
  /** departments and companies: the month's whistle score 0–1 (null without whistles); in the composite with weight ww */
  whistleScore?: number | null;
}

/** Composites equal to 1e-9 tie (floating sums of the same counts may differ in the last bits). */
const key = (x: number) => Math.round(x * 1e9);

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Ranks the units of one type. `counts` are this month's (missing units had no assessed order);
 * `previous` maps a unit to last month's composite (for the change and 进步类).
 */
export function rankUnits(units: RankUnit[], counts: Counts[], w: Weights, previous: Map<number, number | null>, whistle?: Map<number, number>): RankingItem[] {
  const byUnit = new Map(counts.map((c) => [c.unitId, c]));
  const items: RankingItem[] = units.map((u) => {
    const c = byUnit.get(u.id) ?? emptyCounts(u.id);
    const f = figures(c, w);
    const ws = whistle ? (whistle.get(u.id) ?? null) : undefined;
    if (ws !== undefined) f.composite = withWhistle(f.composite, ws, w);
    const prev = previous.get(u.id) ?? null;
    const total = c.assessed + c.exempted;
    return {
      ...f, unitName: u.name, rank: null, category: null, population: u.population,
      change: f.composite !== null && prev !== null ? f.composite - prev : null,
      density: u.population ? (total * 10000) / u.population : null,
      ...(ws !== undefined ? { whistleScore: ws } : {}),
    };
  });
  const ranked = items.filter((i) => i.composite !== null).sort((a, b) => b.composite! - a.composite! || a.unitName.localeCompare(b.unitName, 'zh'));
  // Competition ranking: equal composites share a rank and the next rank skips (1, 1, 3).
  ranked.forEach((it, i) => {
    it.rank = i > 0 && key(ranked[i - 1].composite!) === key(it.composite!) ? ranked[i - 1].rank : i + 1;
  });
  const n = ranked.length;
  if (!n) return sortItems(items);
  const top = Math.min(CATEGORY_RULES.advancedMax, Math.max(1, Math.ceil(n * CATEGORY_RULES.advancedShare)));
  const bottom = Math.min(CATEGORY_RULES.rectifyMax, Math.max(1, Math.ceil(n * CATEGORY_RULES.rectifyShare)));
  for (const it of ranked) if (it.rank! <= top) it.category = 'advanced';
  // The bottom places by rank; a tie at the edge takes every unit of that rank. Never over the top ones.
  const edge = n - bottom + 1;
  for (const it of ranked) if (!it.category && n > 1 && it.rank! >= ranked[edge - 1].rank!) it.category = 'rectify';
  const gains = ranked.filter((i) => !i.category && i.change !== null && i.change > 0).sort((a, b) => b.change! - a.change!);
  for (const it of gains.slice(0, top)) it.category = 'improved';
  const mDensity = median(ranked.filter((i) => i.density !== null).map((i) => i.density!));
  const mComposite = median(ranked.map((i) => i.composite!));
  if (mDensity !== null && mComposite !== null) {
    for (const it of ranked) if (!it.category && it.density !== null && it.density > mDensity && it.composite! < mComposite) it.category = 'governance';
  }
  return sortItems(items);
}

function sortItems(items: RankingItem[]): RankingItem[] {
  return items.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unitName.localeCompare(b.unitName, 'zh'));
}
