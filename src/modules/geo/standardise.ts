// Address standardisation 地址标准化: free address text → district / street-town / community / road + number /
// compound (+ building, unit, room), with the jurisdiction and a confidence, so the operator can accept one standard
// form instead of retyping. The administrative part comes from the unit gazetteer (names, aliases, suffix variants,
// learned road names); the rest is read from the text's own markers (路/街/巷 + 号, 小区/花园/苑 …, 号楼/栋, 单元, 室).
import type { AddressMatch, Gazetteer, GazetteerUnit } from './address-match';
import { normalizeAddress } from './address-match';

export interface AddressParts {
  road: string | null;
  number: string | null;
  compound: string | null;
  building: string | null;
  unitNo: string | null;
  room: string | null;
}

export interface StandardAddress extends AddressParts {
  districtId: number | null;
  district: string | null;
  streetId: number | null;
  street: string | null;
  communityId: number | null;
  community: string | null;
  /** the deepest unit found (community, else street), for the order's jurisdiction */
  jurisdictionUnitId: number | null;
  /** the standard form: 区 + 街道 + 社区 + 路号 + 小区 + 楼/单元/室 */
  standard: string;
  /** 0..1: the gazetteer's score of the jurisdiction, lowered when the street is only inferred */
  confidence: number;
}

const HAN = '\\p{Script=Han}';
const NUM = '[0-9一二三四五六七八九十百零〇]+';
const ROAD = new RegExp(`([${HAN}0-9]{1,10}?(?:大道|路|街|巷|弄|里|坊|道))(?:(${NUM}(?:-${NUM})?)号(?!楼(?!下)))?`, 'u');
const COMPOUND = new RegExp(`([${HAN}A-Za-z0-9]{2,12}?(?:小区|花园|家园|公寓|大厦|新村|苑|园|广场|城|府|庭|宿舍|楼盘))`, 'u');
const BUILDING = new RegExp(`(${NUM})(?:号楼(?!下)|栋|幢|座)`, 'u');
const UNIT_NO = new RegExp(`(${NUM})单元`, 'u');
const ROOM = new RegExp(`(${NUM})(?:室|房|号房)`, 'u');

/**
 * Strips the administrative head of an address (province, city, district and the names the gazetteer matched),
 * which Chinese addresses write first, big to small. A matched name that begins a road (杨桥 in 杨桥中路) stays.
 */
function detailOf(text: string, consumed: string[]): string {
  let t = text.replace(/^[\p{Script=Han}]{2,3}(?:省|自治区)(?![府路街道])/u, '').replace(/^[\p{Script=Han}]{2,4}?市(?![场政府路街])/u, '');
  const terms = [...new Set(consumed.filter(Boolean))].sort((a, b) => b.length - a.length);
  for (let guard = 0; guard < 12; guard++) {
    t = t.replace(/^[\s,，、·-]+/u, '');
    const d = /^[\p{Script=Han}]{1,6}?(?:区|县)(?![路街巷])/u.exec(t);
    if (d && guard === 0) {
      t = t.slice(d[0].length);
      continue;
    }
    // A matched name that is itself a road (a unit's alias 杨桥中路, or 东街 followed by a house number) is detail.
    const hit = terms.find((x) => t.startsWith(x) && !/(?:路|大道|巷|弄)$/u.test(x) && !(/街$/u.test(x) && /^[0-9]/.test(t.slice(x.length)))
      && !/^[东西南北中一二三四五六七八九十0-9]?(?:路|街|巷|大道)/u.test(t.slice(x.length)));
    if (!hit) break;
    t = t.slice(hit.length).replace(/^(?:街道办事处|街道办|街道|社区居委会|居委会|社区|村委会|镇)/u, '');
  }
  return t;
}

/** Reads road + number, compound, building, unit and room from an address (normalised; no gazetteer). */
export function addressParts(text: string, consumed: string[] = []): AddressParts {
  const t = detailOf(normalizeAddress(text), consumed.map(normalizeAddress));
  const road = ROAD.exec(t);
  let rest = road ? t.slice(0, road.index) + ' ' + t.slice(road.index + road[0].length) : t;
  const compound = COMPOUND.exec(rest);
  if (compound) rest = rest.slice(0, compound.index) + ' ' + rest.slice(compound.index + compound[0].length);
  const building = BUILDING.exec(rest);
  if (building) rest = rest.slice(0, building.index) + ' ' + rest.slice(building.index + building[0].length);
  const unitNo = UNIT_NO.exec(rest);
  if (unitNo) rest = rest.slice(0, unitNo.index) + ' ' + rest.slice(unitNo.index + unitNo[0].length);
  const room = ROOM.exec(rest);
  const clean = (s: string | undefined) => (s ? s.replace(/^\s+|\s+$/g, '') : null);
  // A road that still carries an administrative name in front (鼓东树兜湖东路, 社区西二环中路): keep the road itself.
  let roadName = clean(road?.[1]);
  if (roadName) {
    roadName = roadName.replace(/^.*(?:社区居委会|居委会|村委会|社区|街道办事处|街道办|街道)/u, '');
    for (let k = 0; k < 4; k++) {
      const head = consumed.map(normalizeAddress).find((x) => x && roadName!.startsWith(x) && roadName!.length - x.length >= 2 && !/(?:路|大道|巷|弄)$/u.test(x)
        && !/^[东西南北中一二三四五六七八九十0-9]?(?:路|街|巷|大道)/u.test(roadName!.slice(x.length)));
      if (!head) break;
      roadName = roadName.slice(head.length);
    }
  }
  return {
    road: roadName || null, number: road?.[2] ? `${road[2]}号` : null, compound: clean(compound?.[1]),
    building: building ? `${building[1]}号楼` : null, unitNo: unitNo ? `${unitNo[1]}单元` : null, room: room ? `${room[1]}室` : null,
  };
}

export interface Standardiser {
  standardise(text: string): StandardAddress;
}

/** Prepares a standardiser over the gazetteer and its units (names for the standard form). */
export function buildStandardiser(gazetteer: Gazetteer, units: readonly Pick<GazetteerUnit, 'id' | 'name' | 'type'>[]): Standardiser {
  const byId = new Map(units.map((u) => [u.id, u]));
  const name = (id: number | null) => (id === null ? null : byId.get(id)?.name ?? null);
  return {
    standardise(text) {
      const matches: AddressMatch[] = gazetteer.match(text);
      // A unit the text names (鼓西, 华大街道, 中山社区) outranks one found through a road alias: a road crosses
      // streets, a named street does not. A road alias still refines a named street to its community.
      const isRoad = (m: AddressMatch) => /(?:路|大道|巷|弄)$/u.test(m.matched);
      const named = matches.filter((m) => !isRoad(m));
      let best = named[0] ?? matches[0];
      if (best && !isRoad(best) && ['street', 'town'].includes(best.type)) {
        const inside = matches.find((m) => isRoad(m) && m.streetId === best!.streetId && ['community', 'grid'].includes(m.type));
        if (inside) best = inside;
      }
      const parts = addressParts(text, matches.filter((m) => m.score >= 0.3).map((m) => m.matched));
      const districtId = best?.districtId ?? null;
      const streetId = best?.streetId ?? null;
      const communityId = best && ['community', 'grid'].includes(best.type) ? best.communityId : null;
      // A street found only through a learned road name or an alias is less certain than a named one.
      const confidence = best ? Math.round(best.score * 1000) / 1000 : 0;
      const standard = [name(districtId), name(streetId), name(communityId), parts.road && `${parts.road}${parts.number ?? ''}`, parts.compound, parts.building, parts.unitNo, parts.room]
        .filter((x): x is string => !!x)
        .join('');
      return {
        ...parts, districtId, district: name(districtId), streetId, street: name(streetId), communityId, community: name(communityId),
        jurisdictionUnitId: communityId ?? streetId, standard, confidence,
      };
    },
  };
}
