// GeoJSON shapes used for unit jurisdictions (RFC 7946: positions are [longitude, latitude]).
export type Position = [number, number];
export type Ring = Position[];
export interface Polygon {
  type: 'Polygon';
  coordinates: Ring[]; // first ring = exterior, the rest = holes
}
export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export type AreaGeometry = Polygon | MultiPolygon;

export interface LatLng {
  lat: number;
  lng: number;
}
export interface BBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}
function isRing(r: unknown): r is Ring {
  return Array.isArray(r) && r.length >= 4 && r.every(isPosition);
}
function isPolygonCoords(c: unknown): c is Ring[] {
  return Array.isArray(c) && c.length >= 1 && c.every(isRing);
}

/**
 * Validates an untrusted value (e.g. a jsonb column or an API body) as a Polygon/MultiPolygon.
 * A Feature wrapping one is unwrapped. Returns null when it is not a usable area geometry.
 */
export function asAreaGeometry(v: unknown): AreaGeometry | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as { type?: unknown; coordinates?: unknown; geometry?: unknown };
  if (o.type === 'Feature') return asAreaGeometry(o.geometry);
  if (o.type === 'Polygon' && isPolygonCoords(o.coordinates)) return o as Polygon;
  if (o.type === 'MultiPolygon' && Array.isArray(o.coordinates) && o.coordinates.length >= 1 && o.coordinates.every(isPolygonCoords)) {
    return o as MultiPolygon;
  }
  return null;
}

/** The polygons of a geometry as a list of ring lists (Polygon → one entry). */
export function polygonsOf(g: AreaGeometry): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}
