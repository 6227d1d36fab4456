// Duplicate candidates (并单): open orders most likely about the same problem — text similarity,
// distance, category and jurisdiction within a time window. SQL narrows to recent open orders near
// the new one; scoring happens here.
import type { Queryable } from '../../db';
import { OPEN_SQL } from '../orders/lifecycle';
import { distanceMeters } from '../geo';

export interface DuplicateQuery {
  title: string;
  description?: string;
  address?: string;
  location?: { lat: number; lng: number } | null;
  categoryId?: number | null;
  /** The category model's probabilities for the new text (category id → p): semantic evidence beyond shared words. */
  categoryProbs?: Map<number, number>;
  streetId?: number | null;
  excludeId?: number;
}
export interface DuplicateCandidate {
  id: number;
  number: string;
  title: string;
  status: string;
  address: string;
  createdAt: string;
  score: number;
  reasons: string[];
}

const WINDOW_DAYS = 30;
const POOL = 80;
export const DUPLICATE_MIN_SCORE = 0.5;

/** Character bigrams of the Han/alphanumeric text (a robust similarity for short Chinese texts). */
export function bigrams(text: string): Set<string> {
  const s = text.replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i < s.length - 1; i++) out.add(s.slice(i, i + 2));
  return out;
}

export function dice(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let common = 0;
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) common++;
  return (2 * common) / (a.size + b.size);
}

const OPEN = `${OPEN_SQL} and o.parent_id is null`;

/** Proximity from distance: the same spot (<100 m) counts fully, a few hundred metres a little. */
const proximity = (m: number) => (m < 100 ? 1 : m < 300 ? 0.5 : m < 1000 ? 0.1 : 0);

export async function findDuplicates(q: Queryable, d: DuplicateQuery, now: Date, limit = 5): Promise<DuplicateCandidate[]> {
  const since = new Date(now.getTime() - WINDOW_DAYS * 86400_000);
  // Index-backed branches, each the most recent open orders: the same jurisdiction, and each suggested
  // category on its own (one index range per category keeps the scan short; `= any(…)` would sort them all).
  const { rows } = await q.query<{ id: number; number: string; title: string; description: string; address: string; status: string; createdAt: Date; categoryId: number | null; streetId: number | null; lat: number | null; lng: number | null }>(
    `select distinct on (id) * from (
       (select o.id from orders o where ${OPEN} and o.jurisdiction_unit_id = $2 and o.created_at > $1 order by o.created_at desc limit ${POOL})
       union all
       (select b.id from unnest($3::int[]) cat(id) cross join lateral (
          select o.id from orders o where ${OPEN} and o.category_id = cat.id and o.created_at > $1 order by o.created_at desc limit ${POOL}) b)
     ) c join lateral (
       select o.number, o.title, left(o.description, 120) as description, o.address, o.status, o.created_at as "createdAt", o.category_id as "categoryId",
              coalesce(o.jurisdiction_unit_id, o.main_unit_id) as "streetId", o.lat, o.lng from orders o where o.id = c.id
     ) x on true where c.id <> $4`,
    [since, d.streetId ?? null, [...new Set([d.categoryId, ...(d.categoryProbs?.keys() ?? [])].filter((x): x is number => !!x))], d.excludeId ?? 0],
  );
  const titleGrams = bigrams(d.title);
  const allGrams = bigrams(`${d.title}${d.description ?? ''}`);
  const addrGrams = bigrams(d.address ?? '');
  const loc = d.location;
  const suggested = [...(d.categoryProbs?.keys() ?? [])];
  const scored = rows.map((r) => {
    const reasons: string[] = [];
    const textSim = Math.max(dice(titleGrams, bigrams(r.title)), dice(allGrams, bigrams(`${r.title}${r.description}`)));
    let evidence = 0.5 * textSim;
    if (textSim >= 0.3) reasons.push(`内容相似 ${Math.round(textSim * 100)}%`);
    // An order not yet categorised (still registered) lets its text similarity stand in for the category.
    // The model's rank counts as well as its probability: with little history its probabilities are spread thin.
    const rank = r.categoryId ? suggested.indexOf(r.categoryId) : -1;
    const pCat = r.categoryId
      ? Math.max(r.categoryId === d.categoryId ? 1 : 0, rank === 0 ? 0.8 : rank > 0 ? 0.4 : 0, Math.min(1, 1.5 * (d.categoryProbs?.get(r.categoryId) ?? 0)))
      : textSim;
    evidence += 0.25 * pCat;
    if (pCat >= 0.5) reasons.push('同一分类');
    let score: number;
    if (loc && r.lat !== null && r.lng !== null) {
      // The same words far away are another case: distance gates the text evidence.
      const m = distanceMeters(loc, { lat: r.lat, lng: r.lng });
      score = evidence * (m < 100 ? 1 : m < 300 ? 0.85 : m < 1000 ? 0.7 : 0.4) + 0.25 * proximity(m);
      if (m < 1000) reasons.push(`相距 ${Math.round(m)} 米`);
    } else {
      const addrSim = dice(addrGrams, bigrams(r.address));
      const sameStreet = !!d.streetId && r.streetId === d.streetId;
      score = evidence * (sameStreet || addrSim >= 0.5 ? 1 : 0.6) + 0.15 * addrSim + (sameStreet ? 0.03 : 0);
      if (addrSim >= 0.5) reasons.push('地址相近');
    }
    return { id: r.id, number: r.number, title: r.title, status: r.status, address: r.address, createdAt: r.createdAt.toISOString(), score: Math.round(score * 1000) / 1000, reasons };
  });
  return scored.filter((c) => c.score >= DUPLICATE_MIN_SCORE).sort((a, b) => b.score - a.score).slice(0, limit);
}
