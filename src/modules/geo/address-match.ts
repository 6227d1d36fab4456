// Gazetteer address matcher: finds the units (district, street/town, community, grid) named in a
// free-text address. Pure and in-memory: build once from the unit table, then match many texts.
//
// Terms per unit: its name, its aliases, its name without the type suffix (东街街道 → 东街,
// 中山社区 → 中山) and that base with every usual suffix (中山村, 中山居委会, 鼓东街道办 …), so an
// address may write a name with or without 街道/镇/社区/居委会/村. Grids named "<社区名>第N网格"
// also match "<社区简称>N网格". Learned terms (dispatcher corrections) are added with their weight.
// Scanning keeps the longest hits (a term inside a longer hit, e.g. 东街 inside 鼓东街道, is dropped),
// then a candidate is boosted when an ancestor is also named and penalised when the text names
// another street/district officially. More specific units win ties; every result carries its
// street/town and community so a community hit resolves to the street that handles it.
export { buildLocator, locate, type LocatableUnit, type Location } from './locate';

export interface GazetteerUnit {
  id: number;
  code: string;
  name: string;
  aliases: string[];
  type: string;
  parentId: number | null;
}
export interface LearnedTerm {
  term: string;
  unitId: number;
  /** confirmations/strength, > 0; more weight → more confidence (saturating) */
  weight: number;
}
export interface AddressMatch {
  unitId: number;
  type: string;
  /** 0..1 */
  score: number;
  /** the text that matched (normalised) */
  matched: string;
  districtId: number | null;
  /** the street (街道) or town (镇) this unit is in, or the unit itself */
  streetId: number | null;
  communityId: number | null;
}
export interface Gazetteer {
  match(addressText: string): AddressMatch[];
  /** number of distinct terms indexed */
  readonly termCount: number;
}

const LEVEL: Record<string, number> = { district: 0, street: 1, town: 1, community: 2, grid: 3 };
const SPECIFICITY = [0.6, 0.85, 0.95, 1];
const SUFFIXES: Record<string, string[]> = {
  district: ['区', '县', '市'],
  street: ['街道办事处', '街道办', '街道'],
  town: ['镇人民政府', '镇政府', '镇', '乡'],
  community: ['社区居民委员会', '社区居委会', '村民委员会', '村委会', '居委会', '社区', '村'],
};
const VARIANTS: Record<string, string[]> = {
  district: ['区'],
  street: ['街道', '街道办', '街道办事处'],
  town: ['镇', '镇政府'],
  community: ['社区', '村', '居委会', '社区居委会', '村委会'],
};

/** NFKC (full-width → half-width), lower case, no whitespace. */
export function normalizeAddress(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/**
 * Removes the type suffix (the longest that fits), keeping at least two characters:
 * 东街街道 → 东街, 中山社区居委会 → 中山, 前进村村民委员会 → 前进.
 */
export function stripUnitSuffix(name: string, type: string): string {
  const n = normalizeAddress(name);
  for (const s of SUFFIXES[type] ?? []) {
    if (!n.endsWith(s) || n.length - s.length < 2) continue;
    const base = n.slice(0, -s.length);
    const villageCommittee = s === '村民委员会' || s === '村委会';
    return villageCommittee && base.endsWith('村') && base.length >= 3 ? base.slice(0, -1) : base;
  }
  return n;
}

interface TermRef {
  unitId: number;
  conf: number;
}
interface Hit {
  start: number;
  end: number;
  term: string;
}

export function buildGazetteer(units: readonly GazetteerUnit[], learned: readonly LearnedTerm[] = []): Gazetteer {
  const byId = new Map(units.map((u) => [u.id, u]));
  const terms = new Map<string, TermRef[]>();
  const add = (term: string, unitId: number, conf: number) => {
    const t = normalizeAddress(term);
    if (t.length < 2) return;
    const refs = terms.get(t) ?? [];
    const same = refs.find((r) => r.unitId === unitId);
    if (same) same.conf = Math.max(same.conf, conf);
    else refs.push({ unitId, conf });
    terms.set(t, refs);
  };
  const bareConf = (s: string) => (s.length >= 3 ? 0.9 : 0.7);
  const baseForms = (u: GazetteerUnit): string[] => {
    const base = stripUnitSuffix(u.name, u.type);
    return [normalizeAddress(u.name), base, ...(VARIANTS[u.type] ?? []).map((v) => base + v)];
  };

  for (const u of units) {
    if (LEVEL[u.type] === undefined) continue;
    const base = stripUnitSuffix(u.name, u.type);
    add(u.name, u.id, 1);
    add(base, u.id, bareConf(base));
    for (const v of VARIANTS[u.type] ?? []) add(base + v, u.id, 0.95);
    for (const a of u.aliases) add(a, u.id, normalizeAddress(a).length >= 3 ? 0.8 : 0.65);
    const g = u.type === 'grid' ? /第?(\d+)号?网格$/.exec(normalizeAddress(u.name)) : null;
    const parent = u.parentId === null ? undefined : byId.get(u.parentId);
    if (g && parent?.type === 'community') {
      for (const f of baseForms(parent)) for (const p of [`第${g[1]}网格`, `${g[1]}网格`]) add(f + p, u.id, 1);
    }
  }
  for (const l of learned) {
    if (!byId.has(l.unitId) || !(l.weight > 0)) continue;
    add(l.term, l.unitId, 0.6 + (0.35 * l.weight) / (l.weight + 2));
  }
  const byFirst = new Map<string, string[]>();
  for (const t of terms.keys()) {
    const list = byFirst.get(t[0]) ?? [];
    list.push(t);
    byFirst.set(t[0], list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);

  const levelOf = (id: number) => LEVEL[byId.get(id)?.type ?? ''] ?? -1;
  const ancestors = (id: number): number[] => {
    const out: number[] = [];
    for (let p = byId.get(id)?.parentId ?? null; p !== null && out.length < 16; p = byId.get(p)?.parentId ?? null) out.push(p);
    return out;
  };
  const nearest = (id: number, types: string[]): number | null =>
    [id, ...ancestors(id)].find((x) => types.includes(byId.get(x)?.type ?? '')) ?? null;

  function match(addressText: string): AddressMatch[] {
    const text = normalizeAddress(addressText);
    const hits: Hit[] = [];
    for (let i = 0; i < text.length; i++) {
      for (const t of byFirst.get(text[i]) ?? []) if (text.startsWith(t, i)) hits.push({ start: i, end: i + t.length, term: t });
    }
    // A term inside a longer hit counts only for the units that longer hit also names
    // (鼓东街道 hides 东街 → 东街街道, but 福州市鼓楼区 keeps 鼓楼区's full-name confidence).
    const refsOf = (h: Hit) => terms.get(h.term) ?? [];
    const cand = new Map<number, { conf: number; matched: string }>();
    for (const h of hits) {
      const covering = hits.filter((o) => o.end - o.start > h.end - h.start && o.start <= h.start && o.end >= h.end);
      for (const r of refsOf(h)) {
        if (covering.some((o) => !refsOf(o).some((x) => x.unitId === r.unitId))) continue;
        const c = cand.get(r.unitId);
        if (!c || r.conf > c.conf || (r.conf === c.conf && h.term.length > c.matched.length)) {
          cand.set(r.unitId, { conf: r.conf, matched: h.term });
        }
      }
    }
    // officially named units (full name or name+suffix) per level, for conflict detection
    const official = new Map<number, number[]>();
    for (const [id, c] of cand) {
      const lv = levelOf(id);
      if (c.conf < 0.9 || lv < 0) continue;
      official.set(lv, [...(official.get(lv) ?? []), id]);
    }
    const scored = new Map<number, number>();
    const order = [...cand.keys()].sort((a, b) => levelOf(a) - levelOf(b));
    for (const id of order) {
      const lv = levelOf(id);
      const anc = ancestors(id);
      let conf = cand.get(id)!.conf;
      let floor = 0;
      for (const a of anc) {
        const ca = cand.get(a);
        if (ca) conf = 1 - (1 - conf) * (1 - 0.5 * ca.conf);
        const sa = scored.get(a);
        if (sa !== undefined) floor = Math.max(floor, sa + 0.02);
      }
      for (const [olv, ids] of official) {
        if (olv < lv && !ids.some((x) => anc.includes(x))) conf *= 0.6;
      }
      const spec = SPECIFICITY[lv] ?? 0.5;
      scored.set(id, Math.min(1, Math.max(conf * spec, floor)));
    }
    const out: AddressMatch[] = [...cand].map(([id, c]) => {
      const u = byId.get(id)!;
      return {
        unitId: id,
        type: u.type,
        score: Math.round(scored.get(id)! * 1e4) / 1e4,
        matched: c.matched,
        districtId: nearest(id, ['district']),
        streetId: nearest(id, ['street', 'town']),
        communityId: nearest(id, ['community']),
      };
    });
    return out.sort((a, b) => b.score - a.score || levelOf(b.unitId) - levelOf(a.unitId) || b.matched.length - a.matched.length);
  }

  return { match, termCount: terms.size };
}
