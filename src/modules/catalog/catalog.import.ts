// CSV import of the dispatch catalog: header level1,level2,level3[,tier,handler,keywords].
// All or nothing: any bad line fails the whole import with every bad line named.
import type { Queryable } from '../../db';
import { parseCsv } from '../../shared/csv';
import { fail } from '../../shared/errors';
import type { Unit } from '../org/org.repo';
import type { CatalogRepo, HandlerKind } from './catalog.repo';

export interface ImportRow {
  line: number;
  path: [string, string, string];
  tier: number | null;
  handler: { kind: HandlerKind; unitId: number | null } | null;
  keywords: string[] | null;
}
export interface ImportError {
  line: number;
  message: string;
}
const REQUIRED = ['level1', 'level2', 'level3'];
const OPTIONAL = ['tier', 'handler', 'keywords'];

/** Parses and checks the file; returns rows or the list of errors (never throws on bad content). */
export function parseCatalogCsv(text: string, units: Unit[]): { rows: ImportRow[]; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const raw = parseCsv(text);
  if (!raw.length) return { rows: [], errors: [{ line: 1, message: 'the file is empty; expected a header line "level1,level2,level3[,tier,handler,keywords]"' }] };
  const header = raw[0].cells.map((h) => h.trim().toLowerCase());
  const bad = header.filter((h) => ![...REQUIRED, ...OPTIONAL].includes(h));
  const missing = REQUIRED.filter((h) => !header.includes(h));
  if (bad.length || missing.length) {
    const why = [missing.length ? `missing column(s) ${missing.join(', ')}` : '', bad.length ? `unknown column(s) ${bad.join(', ')}` : ''].filter(Boolean).join('; ');
    return { rows: [], errors: [{ line: raw[0].line, message: `bad header: ${why}; expected level1,level2,level3[,tier,handler,keywords]` }] };
  }
  const col = (name: string) => header.indexOf(name);
  const byCode = new Map(units.map((u) => [u.code, u]));
  const byName = new Map(units.map((u) => [u.name, u]));
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];
  for (const r of raw.slice(1)) {
    const msgs: string[] = [];
    if (r.cells.length !== header.length) msgs.push(`expected ${header.length} columns, found ${r.cells.length}`);
    const get = (name: string) => (col(name) >= 0 ? (r.cells[col(name)] ?? '').trim() : '');
    const path = [get('level1'), get('level2'), get('level3')] as [string, string, string];
    path.forEach((p, i) => {
      if (!p) msgs.push(`level${i + 1} is empty`);
      else if (p.length > 100) msgs.push(`level${i + 1} is longer than 100 characters`);
    });
    let tier: number | null = null;
    const t = get('tier');
    if (t) {
      tier = Number(t);
      if (!Number.isInteger(tier) || tier < 1 || tier > 4) msgs.push(`tier must be 1, 2, 3 or 4, found "${t}"`);
    }
    let handler: ImportRow['handler'] = null;
    const h = get('handler');
    if (h) {
      if (['jurisdiction', 'street', '属地'].includes(h)) handler = { kind: 'jurisdiction', unitId: null };
      else {
        const u = byCode.get(h) ?? byName.get(h);
        if (!u) msgs.push(`handler "${h}" is neither "jurisdiction" nor the code or name of a unit`);
        else if (u.type !== 'department' && u.type !== 'company') msgs.push(`handler "${h}" is a ${u.type}; a named handler must be a department or company (use "jurisdiction" for the street of the address)`);
        else handler = { kind: u.type, unitId: u.id };
      }
    }
    const k = get('keywords');
    const keywords = k ? k.split(/[;；|、\s]+/).map((x) => x.trim()).filter(Boolean) : null;
    const key = path.join('/');
    if (!msgs.length && seen.has(key)) msgs.push(`duplicate of line ${seen.get(key)} (${path.join(' / ')})`);
    if (msgs.length) errors.push({ line: r.line, message: msgs.join('; ') });
    else {
      seen.set(key, r.line);
      rows.push({ line: r.line, path, tier, handler, keywords });
    }
  }
  if (!rows.length && !errors.length) errors.push({ line: 2, message: 'the file has a header but no categories' });
  return { rows, errors };
}

/** Applies parsed rows: creates missing categories, updates tier/handler/keywords of existing leaves. */
export async function applyCatalogImport(repo: CatalogRepo, q: Queryable, rows: ImportRow[]): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  const cache = new Map<string, number>();
  const ensure = async (parentId: number | null, name: string, level: 1 | 2, key: string) => {
    const hit = cache.get(key);
    if (hit) return hit;
    const found = (await repo.find(parentId, name, q)) ?? (created++, await repo.insert({ parentId, level, name, tier: null, handlerKind: null, handlerUnitId: null, keywords: [] }, q));
    cache.set(key, found.id);
    return found.id;
  };
  for (const r of rows) {
    const l1 = await ensure(null, r.path[0], 1, r.path[0]);
    const l2 = await ensure(l1, r.path[1], 2, `${r.path[0]}/${r.path[1]}`);
    const existing = await repo.find(l2, r.path[2], q);
    if (!existing) {
      await repo.insert({ parentId: l2, level: 3, name: r.path[2], tier: r.tier, handlerKind: r.handler?.kind ?? null, handlerUnitId: r.handler?.unitId ?? null, keywords: r.keywords ?? [] }, q);
      created++;
    } else {
      await repo.update(existing.id, {
        active: true,
        ...(r.tier !== null ? { tier: r.tier } : {}),
        ...(r.handler ? { handlerKind: r.handler.kind, handlerUnitId: r.handler.unitId } : {}),
        ...(r.keywords ? { keywords: r.keywords } : {}),
      }, q);
      updated++;
    }
  }
  return { created, updated };
}

export function failImport(errors: ImportError[]): never {
  const shown = errors.slice(0, 200);
  fail('catalog_import_failed', `${errors.length} line(s) have errors, e.g. line ${errors[0].line}: ${errors[0].message}`, { errors: shown });
}
