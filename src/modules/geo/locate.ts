// Point → jurisdiction: which district, street/town, community and grid contain a coordinate.
import { bboxContains, bboxOf, pointInPolygon } from './geometry';
import { asAreaGeometry, type AreaGeometry, type BBox } from './types';

export interface LocatableUnit {
  id: number;
  type: string;
  parentId: number | null;
  /** Polygon/MultiPolygon (or a Feature of one); anything else is ignored. */
  geojson: unknown;
}

export interface Location {
  districtId: number | null;
  /** the containing street (街道) or town (镇) */
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
  /** the deepest of the above that was found, or null when the point is outside every unit */
  unitId: number | null;
}

const LEVEL: Record<string, number> = { district: 0, street: 1, town: 1, community: 2, grid: 3 };

interface Entry {
  id: number;
  parentId: number | null;
  level: number;
  geom: AreaGeometry;
  bbox: BBox;
}

/** Prepares the units once (bounding boxes, validated geometry); the returned function is pure. */
export function buildLocator(units: readonly LocatableUnit[]): (lat: number, lng: number) => Location {
  const byId = new Map<number, LocatableUnit>();
  const entries: Entry[] = [];
  for (const u of units) {
    byId.set(u.id, u);
    const level = LEVEL[u.type];
    const geom = level === undefined ? null : asAreaGeometry(u.geojson);
    if (geom) entries.push({ id: u.id, parentId: u.parentId, level, geom, bbox: bboxOf(geom) });
  }
  const levelOf = (id: number | null): number | undefined => (id === null ? undefined : LEVEL[byId.get(id)?.type ?? '']);

  return (lat, lng) => {
    const hits: Entry[][] = [[], [], [], []];
    for (const e of entries) {
      if (bboxContains(e.bbox, lat, lng) && pointInPolygon(lat, lng, e.geom)) hits[e.level].push(e);
    }
    // On shared borders several siblings can contain the point: prefer the child of the unit chosen one level up.
    const chosen: (number | null)[] = [null, null, null, null];
    for (let lv = 0; lv < 4; lv++) {
      const parent = lv > 0 ? chosen[lv - 1] : null;
      const h = hits[lv];
      chosen[lv] = (h.find((e) => parent !== null && e.parentId === parent) ?? h[0])?.id ?? null;
    }
    // Fill levels without geometry from the parent chain of a deeper hit (e.g. a grid without its community's polygon).
    for (let lv = 3; lv > 0; lv--) {
      const id = chosen[lv];
      if (id === null || chosen[lv - 1] !== null) continue;
      let p = byId.get(id)?.parentId ?? null;
      while (p !== null && (levelOf(p) ?? -1) > lv - 1) p = byId.get(p)?.parentId ?? null;
      if (p !== null && levelOf(p) === lv - 1) chosen[lv - 1] = p;
    }
    const deepest = [...chosen].reverse().find((x) => x !== null) ?? null;
    return { districtId: chosen[0], streetId: chosen[1], communityId: chosen[2], gridId: chosen[3], unitId: deepest };
  };
}

/** One-shot convenience; use buildLocator when locating many points against the same units. */
export function locate(units: readonly LocatableUnit[], lat: number, lng: number): Location {
  return buildLocator(units)(lat, lng);
}
