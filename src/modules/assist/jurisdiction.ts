// Jurisdiction (属地): the street/town, community and grid of an order, from its coordinates
// (point in the jurisdiction polygons) or its address text (unit names, aliases, the official
// street list, and road names learned from past dispatches).
import type { Queryable } from '../../db';
import { buildGazetteer, buildLocator, buildStandardiser, type Gazetteer, type LearnedTerm, type StandardAddress, type Standardiser } from '../geo';
import type { Unit } from '../org/org.repo';

export interface Jurisdiction {
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
  source: 'location' | 'address' | null;
  confidence: number;
  matched: string | null;
}

const ROAD = /[\p{Script=Han}]{2,8}?(?:大道|路|街|巷|弄|里|坊|桥|广场|公园|小区|花园|新村|大厦)/gu;

/** Road and place names in an address (五四路, 三坊七巷 …), for learning which street they lie in. */
export function placeTerms(address: string): string[] {
  return [...new Set(address.replace(/^.*?(?:区|县)/u, '').match(ROAD) ?? [])].filter((t) => t.length >= 3 && t.length <= 10);
}

/** Road names seen in at least two dispatches, each pointing mostly (≥ 60%) at one street/town. */
export async function learnPlaceTerms(q: Queryable, now: Date, sinceDays = 365): Promise<LearnedTerm[]> {
  const { rows } = await q.query<{ address: string; unitId: number }>(
    `select o.address, o.main_unit_id as "unitId" from orders o join units u on u.id = o.main_unit_id
     where u.type in ('street','town') and o.address <> '' and o.created_at > $1
     order by o.id desc limit 50000`,
    [new Date(now.getTime() - sinceDays * 86400_000)],
  );
  const counts = new Map<string, Map<number, number>>();
  for (const r of rows)
    for (const t of placeTerms(r.address)) {
      const m = counts.get(t) ?? new Map<number, number>();
      m.set(r.unitId, (m.get(r.unitId) ?? 0) + 1);
      counts.set(t, m);
    }
  const out: LearnedTerm[] = [];
  for (const [term, m] of counts) {
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    const [unitId, n] = [...m.entries()].sort((a, b) => b[1] - a[1])[0];
    if (n >= 2 && n / total >= 0.6) out.push({ term, unitId, weight: n });
  }
  return out;
}

export class JurisdictionFinder {
  private gazetteer: Gazetteer;
  private locator: (lat: number, lng: number) => { streetId: number | null; communityId: number | null; gridId: number | null };
  private byId: Map<number, Unit>;
  private standardiser: Standardiser;

  constructor(units: Unit[], learned: LearnedTerm[] = []) {
    this.byId = new Map(units.map((u) => [u.id, u]));
    this.gazetteer = buildGazetteer(units, learned);
    this.locator = buildLocator(units);
    this.standardiser = buildStandardiser(this.gazetteer, units);
  }

  /** The standard form of an address (地址标准化) with its jurisdiction and a confidence. */
  standardise(address: string): StandardAddress {
    return this.standardiser.standardise(address);
  }

  find(input: { address?: string; title?: string; description?: string; location?: { lat: number; lng: number } | null }): Jurisdiction {
    if (input.location) {
      const l = this.locator(input.location.lat, input.location.lng);
      if (l.streetId) return { streetId: l.streetId, communityId: l.communityId, gridId: l.gridId, source: 'location', confidence: 0.95, matched: null };
    }
    for (const text of [input.address, `${input.title ?? ''} ${input.description ?? ''}`]) {
      if (!text || !text.trim()) continue;
      const best = this.gazetteer.match(text)[0];
      if (best && best.streetId) {
        const type = this.byId.get(best.unitId)?.type;
        return {
          streetId: best.streetId,
          communityId: best.communityId,
          gridId: type === 'grid' ? best.unitId : null,
          source: 'address',
          confidence: Math.round(best.score * (text === input.address ? 1 : 0.8) * 1000) / 1000,
          matched: best.matched,
        };
      }
    }
    return { streetId: null, communityId: null, gridId: null, source: null, confidence: 0, matched: null };
  }

  unit(id: number | null): Unit | null {
    return id ? this.byId.get(id) ?? null : null;
  }
}
