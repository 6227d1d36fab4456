import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bboxOf,
  distanceMeters,
  pointInPolygon,
  polygonArea,
  polygonAreaM2,
  polygonCentroid,
  randomPointIn,
  rectPolygon,
} from './geometry';
import { mulberry32 } from './random';
import { asAreaGeometry, type MultiPolygon, type Polygon } from './types';

// 10×10 square (lng 0..10, lat 0..10) with a 4×4 hole in the middle (3..7), hole wound clockwise.
const withHole: Polygon = {
  type: 'Polygon',
  coordinates: [
    [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
    [[3, 3], [3, 7], [7, 7], [7, 3], [3, 3]],
  ],
};
const multi: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [withHole.coordinates, [[[20, 20], [22, 20], [22, 22], [20, 22], [20, 20]]]],
};

test('pointInPolygon: exterior, hole and outside', () => {
  assert.equal(pointInPolygon(1, 1, withHole), true);
  assert.equal(pointInPolygon(5, 5, withHole), false, 'inside the hole');
  assert.equal(pointInPolygon(2.9, 5, withHole), true, 'between hole and edge');
  assert.equal(pointInPolygon(11, 5, withHole), false);
  assert.equal(pointInPolygon(5, -0.1, withHole), false);
});

test('pointInPolygon: MultiPolygon parts and a concave ring', () => {
  assert.equal(pointInPolygon(21, 21, multi), true);
  assert.equal(pointInPolygon(5, 5, multi), false, 'hole of the first part');
  assert.equal(pointInPolygon(15, 15, multi), false, 'between the parts');
  // U shape: the notch (x 4..6, y 4..10) is outside
  const u: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [6, 10], [6, 4], [4, 4], [4, 10], [0, 10], [0, 0]]] };
  assert.equal(pointInPolygon(8, 5, u), false);
  assert.equal(pointInPolygon(8, 2, u), true);
  assert.equal(pointInPolygon(8, 8, u), true);
});

test('bboxOf, polygonArea and centroid respect holes and parts', () => {
  assert.deepEqual(bboxOf(multi), { minLng: 0, minLat: 0, maxLng: 22, maxLat: 22 });
  assert.equal(polygonArea(withHole), 100 - 16);
  assert.equal(polygonArea(multi), 84 + 4);
  const c = polygonCentroid(withHole);
  assert.ok(Math.abs(c.lat - 5) < 1e-9 && Math.abs(c.lng - 5) < 1e-9);
  // an off-centre hole pulls the centroid away from it
  const offHole: Polygon = { type: 'Polygon', coordinates: [withHole.coordinates[0], [[6, 6], [9, 6], [9, 9], [6, 9], [6, 6]]] };
  const o = polygonCentroid(offHole);
  assert.ok(o.lat < 5 && o.lng < 5);
  const m = polygonCentroid(multi);
  assert.ok(Math.abs(m.lng - (84 * 5 + 4 * 21) / 88) < 1e-9);
});

test('distanceMeters: haversine on known distances', () => {
  const oneDegLat = distanceMeters({ lat: 26, lng: 119.3 }, { lat: 27, lng: 119.3 });
  assert.ok(Math.abs(oneDegLat - 111_195) < 50, String(oneDegLat));
  assert.equal(distanceMeters({ lat: 26.08, lng: 119.29 }, { lat: 26.08, lng: 119.29 }), 0);
  // 东街口 → 西湖公园, roughly 2 km
  const d = distanceMeters({ lat: 26.0865, lng: 119.2965 }, { lat: 26.0945, lng: 119.2825 });
  assert.ok(d > 1400 && d < 2000, String(d));
  // about 1 km² for a 0.01° × 0.009° cell at this latitude
  const a = polygonAreaM2(rectPolygon(119.29, 26.08, 119.30, 26.089));
  assert.ok(a > 0.85e6 && a < 1.05e6, String(a));
});

test('randomPointIn: inside, avoids holes, uses both parts, deterministic', () => {
  const rnd = mulberry32(42);
  let second = 0;
  for (let i = 0; i < 500; i++) {
    const p = randomPointIn(multi, rnd);
    assert.ok(pointInPolygon(p.lat, p.lng, multi));
    if (p.lat >= 20) second++;
  }
  assert.ok(second > 5 && second < 60, `share of the small part: ${second}`); // ~4/88 of 500 ≈ 23
  assert.deepEqual(randomPointIn(withHole, mulberry32(7)), randomPointIn(withHole, mulberry32(7)));
  assert.throws(() => randomPointIn({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [2, 2], [0, 0]]] }, rnd));
});

test('asAreaGeometry validates untrusted GeoJSON', () => {
  assert.equal(asAreaGeometry(withHole), withHole);
  assert.equal(asAreaGeometry({ type: 'Feature', properties: {}, geometry: multi }), multi);
  assert.equal(asAreaGeometry({ type: 'Point', coordinates: [1, 2] }), null);
  assert.equal(asAreaGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 0]]] }), null);
  assert.equal(asAreaGeometry(null), null);
  assert.equal(asAreaGeometry('x'), null);
});
