// Reading labelled orders (JSONL) and catalog priors (CSV level1,level2,level3) with errors a person can act on.
import fs from 'node:fs';
import path from 'node:path';
import type { Example } from './types';
import type { LabelPrior } from './priors';

export class DataError extends Error {}

function readText(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? (e as Error).message})`);
  }
  if (!text.trim()) throw new DataError(`${file}: the file is empty`);
  return text;
}

/** Every non-blank line must be a JSON object with string title, detail and a non-empty string label. */
export function parseExamples(text: string, file = 'input'): Example[] {
  const out: Example[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      throw new DataError(`${file}:${i + 1}: not valid JSON (each line must be one JSON object)`);
    }
    const r = o as Record<string, unknown>;
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new DataError(`${file}:${i + 1}: expected a JSON object`);
    if (typeof r.title !== 'string') throw new DataError(`${file}:${i + 1}: "title" must be a string`);
    if (typeof r.detail !== 'string') throw new DataError(`${file}:${i + 1}: "detail" must be a string`);
    if (typeof r.label !== 'string' || !r.label.trim()) throw new DataError(`${file}:${i + 1}: "label" must be a non-empty string`);
    const e: Example = { title: r.title, detail: r.detail, label: r.label.trim() };
    if (typeof r.text === 'string') e.text = r.text;
    out.push(e);
  }
  if (!out.length) throw new DataError(`${file}: no examples`);
  return out;
}

export function readExamples(file: string): Example[] {
  return parseExamples(readText(file), file);
}

/** Catalog CSV (header row, then level1,level2,level3…): names under each first-level label become its prior. */
export function readCatalogPriors(file: string, onlyLabels?: Iterable<string>): LabelPrior[] {
  const keep = onlyLabels ? new Set(onlyLabels) : null;
  const byLabel = new Map<string, Set<string>>();
  const lines = readText(file).split(/\r?\n/).slice(1);
  for (const line of lines) {
    const [label, ...names] = line.split(',').map((s) => s.trim().replace(/^"|"$/g, ''));
    if (!label || (keep && !keep.has(label))) continue;
    const set = byLabel.get(label) ?? new Set<string>();
    for (const n of names) if (n && n !== '其他') set.add(n);
    byLabel.set(label, set);
  }
  if (!byLabel.size) throw new DataError(`${file}: no catalog rows (expected a header, then level1,level2,level3 rows)`);
  return [...byLabel].map(([label, names]) => ({ label, names: [...names] }));
}

/** The public data folder (`../shared/data` beside the checkout; `../../shared/data` from a git worktree
 *  under a sibling folder). Returns the first that exists, else the conventional one (callers skip). */
export function sharedDataDir(): string {
  const candidates = [path.resolve('..', 'shared', 'data'), path.resolve('..', '..', 'shared', 'data')];
  return candidates.find((d) => fs.existsSync(d)) ?? candidates[0];
}

/** Unlabelled real messages (title + detail) of a JSONL file, e.g. messages-with-replies.jsonl. */
export function readUnlabeled(file: string): Array<{ title: string; detail: string }> {
  return readText(file)
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { title?: unknown; detail?: unknown })
    .filter((r) => typeof r.title === 'string' && typeof r.detail === 'string')
    .map((r) => ({ title: r.title as string, detail: r.detail as string }));
}
