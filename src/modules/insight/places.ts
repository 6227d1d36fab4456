// Places for the insight module: the streets (and towns) of the district, which of them touch, and their centres.
import type { Queryable } from '../../db';
import { bboxOf, polygonCentroid, type AreaGeometry, type BBox, type LatLng } from '../geo';

export interface Streets {
  paths: { id: number; path: string }[];
  neighbours: Map<number, Set<number>>;
  centre: Map<number, LatLng>;
}

const touch = (a: BBox, b: BBox, eps = 1e-6) => a.minLng <= b.maxLng + eps && b.minLng <= a.maxLng + eps && a.minLat <= b.maxLat + eps && b.minLat <= a.maxLat + eps;

export async function loadStreets(q: Queryable): Promise<Streets> {
  const { rows } = await q.query<{ id: number; path: string; geojson: AreaGeometry | null }>(`select id, path, geojson from units where type in ('street','town') order by id`);
  const boxes = rows.filter((r) => r.geojson).map((r) => ({ id: r.id, box: bboxOf(r.geojson!) }));
  const neighbours = new Map<number, Set<number>>(rows.map((r) => [r.id, new Set<number>()]));
  for (const a of boxes) for (const b of boxes) if (a.id !== b.id && touch(a.box, b.box)) neighbours.get(a.id)!.add(b.id);
  const centre = new Map(rows.filter((r) => r.geojson).map((r) => [r.id, polygonCentroid(r.geojson!)]));
  return { paths: rows.map((r) => ({ id: r.id, path: r.path })), neighbours, centre };
}
