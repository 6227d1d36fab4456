// A map pin without map tiles (nothing leaves this server): the streets and communities of the area drawn as
// SVG from their jurisdiction polygons; a tap drops the pin and gives its coordinates.
import { useEffect, useMemo, useRef, useState } from 'react';
import { call } from './api';

interface Area { name: string; type: string; rings: number[][][] }
export interface LatLng { lat: number; lng: number }

export function MapPin(props: { value: LatLng | null; onChange(p: LatLng): void }) {
  const [areas, setAreas] = useState<Area[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  useEffect(() => {
    call<{ areas: Area[] }>('/map').then((r) => setAreas(r.areas), (e) => setError(e.message));
  }, []);
  const box = useMemo(() => {
    const pts = (areas ?? []).flatMap((a) => a.rings.flat());
    if (!pts.length) return null;
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const b = { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
    return { ...b, k: Math.cos((((b.minY + b.maxY) / 2) * Math.PI) / 180) };
  }, [areas]);
  if (error) return <p className="error">{error}</p>;
  if (!areas || !box) return <p className="muted">地图加载中…</p>;
  // Screen x = lng·cos(lat), y = −lat (north up), scaled to 1000 units wide.
  const s = 1000 / ((box.maxX - box.minX) * box.k);
  const X = (lng: number) => (lng - box.minX) * box.k * s;
  const Y = (lat: number) => (box.maxY - lat) * s;
  const h = Y(box.minY);
  const path = (r: number[][]) => `M${r.map((p) => `${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join('L')}Z`;
  const tap = (e: React.MouseEvent<SVGSVGElement>) => {
    const m = svg.current?.getScreenCTM();
    if (!m) return;
    const pt = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    const lng = pt.x / s / box.k + box.minX;
    const lat = box.maxY - pt.y / s;
    props.onChange({ lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 });
  };
  const streets = areas.filter((a) => a.type !== 'community');
  return (
    <svg ref={svg} data-testid="portal-map" className="map" viewBox={`0 0 1000 ${h.toFixed(0)}`} onClick={tap} role="img" aria-label="点选问题所在位置">
      {areas.filter((a) => a.type === 'community').map((a, i) => a.rings.map((r, j) => <path key={`c${i}-${j}`} d={path(r)} className="community" />))}
      {streets.map((a, i) => a.rings.map((r, j) => <path key={`s${i}-${j}`} d={path(r)} className="street" />))}
      {streets.map((a, i) => {
        const r = a.rings[0];
        const cx = r.reduce((t, p) => t + X(p[0]), 0) / r.length;
        const cy = r.reduce((t, p) => t + Y(p[1]), 0) / r.length;
        return <text key={`t${i}`} x={cx} y={cy} className="label">{a.name}</text>;
      })}
      {props.value && <g data-testid="portal-map-pin" transform={`translate(${X(props.value.lng)} ${Y(props.value.lat)})`}><circle r="14" className="pin" /><circle r="4" fill="#fff" /></g>}
    </svg>
  );
}
