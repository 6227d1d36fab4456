// Pure planar/spherical helpers for jurisdiction polygons. Coordinates follow GeoJSON
// ([lng, lat]); function arguments and results use {lat, lng} or (lat, lng) in that order.
// Planar maths on degrees is fine at city scale (a district spans ~10 km).
import { polygonsOf, type AreaGeometry, type BBox, type LatLng, type Polygon, type Ring } from './types';

const EARTH_RADIUS_M = 6_371_008.8;

/** Even–odd crossing test against one ring. Points exactly on an edge may go either way. */
function inRing(lat: number, lng: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when (lat, lng) is inside the exterior ring of some polygon and outside all of its holes. */
export function pointInPolygon(lat: number, lng: number, geojson: AreaGeometry): boolean {
  for (const rings of polygonsOf(geojson)) {
    if (!rings.length || !inRing(lat, lng, rings[0])) continue;
    let inHole = false;
    for (let k = 1; k < rings.length && !inHole; k++) inHole = inRing(lat, lng, rings[k]);
    if (!inHole) return true;
  }
  return false;
}

export function bboxOf(geojson: AreaGeometry): BBox {
  const b: BBox = { minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity };
  for (const rings of polygonsOf(geojson)) {
    for (const [lng, lat] of rings[0] ?? []) {
      if (lng < b.minLng) b.minLng = lng;
      if (lng > b.maxLng) b.maxLng = lng;
      if (lat < b.minLat) b.minLat = lat;
      if (lat > b.maxLat) b.maxLat = lat;
    }
  }
  return b;
}

export function bboxContains(b: BBox, lat: number, lng: number): boolean {
  return lat >= b.minLat && lat <= b.maxLat && lng >= b.minLng && lng <= b.maxLng;
}

/** Signed shoelace area of a ring in degrees² (counter-clockwise positive) and its centroid. */
function ringMoments(ring: Ring): { a: number; cx: number; cy: number } {
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j];
    const [x1, y1] = ring[i];
    const cross = x0 * y1 - x1 * y0;
    a2 += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (a2 === 0) return { a: 0, cx: 0, cy: 0 };
  return { a: a2 / 2, cx: cx / (3 * a2), cy: cy / (3 * a2) };
}

/** Area in degrees² (holes subtracted, ring orientation ignored). */
export function polygonArea(geojson: AreaGeometry): number {
  let total = 0;
  for (const rings of polygonsOf(geojson)) {
    rings.forEach((r, k) => {
      const a = Math.abs(ringMoments(r).a);
      total += k === 0 ? a : -a;
    });
  }
  return total;
}

/** Approximate area in m² (equirectangular projection at the shape's mean latitude). */
export function polygonAreaM2(geojson: AreaGeometry): number {
  const b = bboxOf(geojson);
  const latRad = (((b.minLat + b.maxLat) / 2) * Math.PI) / 180;
  const mPerDeg = (EARTH_RADIUS_M * Math.PI) / 180;
  return polygonArea(geojson) * mPerDeg * mPerDeg * Math.cos(latRad);
}

/** Area-weighted centroid (holes subtracted). Falls back to the vertex mean for degenerate shapes. */
export function polygonCentroid(geojson: AreaGeometry): LatLng {
  let w = 0;
  let sx = 0;
  let sy = 0;
  let n = 0;
  let vx = 0;
  let vy = 0;
  for (const rings of polygonsOf(geojson)) {
    rings.forEach((r, k) => {
      const m = ringMoments(r);
      const a = Math.abs(m.a) * (k === 0 ? 1 : -1);
      w += a;
      sx += m.cx * a;
      sy += m.cy * a;
      for (const [x, y] of r) {
        vx += x;
        vy += y;
        n++;
      }
    });
  }
  if (Math.abs(w) < 1e-18) return { lat: n ? vy / n : NaN, lng: n ? vx / n : NaN };
  return { lat: sy / w, lng: sx / w };
}

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A uniformly distributed point inside the geometry, using `rnd` (a [0,1) generator, e.g. a
 * seeded one for reproducible demo/bench data). A MultiPolygon part is chosen by area first.
 * Throws if no point is found (empty or degenerate geometry).
 */
export function randomPointIn(geojson: AreaGeometry, rnd: () => number, maxTries = 10_000): LatLng {
  const parts: Polygon[] = polygonsOf(geojson).map((coordinates) => ({ type: 'Polygon', coordinates }));
  const areas = parts.map((p) => Math.max(0, polygonArea(p)));
  const total = areas.reduce((s, x) => s + x, 0);
  if (!(total > 0)) throw new Error('randomPointIn: geometry has no area');
  for (let t = 0; t < maxTries; t++) {
    let pick = rnd() * total;
    let i = 0;
    while (i < parts.length - 1 && pick >= areas[i]) pick -= areas[i++];
    const b = bboxOf(parts[i]);
    const lat = b.minLat + rnd() * (b.maxLat - b.minLat);
    const lng = b.minLng + rnd() * (b.maxLng - b.minLng);
    if (pointInPolygon(lat, lng, parts[i])) return { lat, lng };
  }
  throw new Error(`randomPointIn: no point found in ${maxTries} tries`);
}

/** An axis-aligned rectangle as a closed, counter-clockwise Polygon. */
export function rectPolygon(minLng: number, minLat: number, maxLng: number, maxLat: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [[[minLng, minLat], [maxLng, minLat], [maxLng, maxLat], [minLng, maxLat], [minLng, minLat]]],
  };
}
