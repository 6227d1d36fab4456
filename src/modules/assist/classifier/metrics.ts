import type { EvalResult } from './types';

export interface Scored {
  label: string;
  /** predicted labels, most likely first */
  ranked: string[];
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** accuracy, macro-F1 over the labels that occur in truth or predictions, and top-3 hit rate */
export function score(rows: Scored[]): EvalResult {
  const n = rows.length;
  if (!n) return { n: 0, accuracy: 0, macro_f1: 0, top3: 0 };
  let hit = 0;
  let hit3 = 0;
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const r of rows) {
    const top = r.ranked[0];
    if (top === r.label) {
      hit++;
      inc(tp, r.label);
    } else {
      inc(fn, r.label);
      if (top !== undefined) inc(fp, top);
    }
    if (r.ranked.slice(0, 3).includes(r.label)) hit3++;
  }
  const labels = new Set([...tp.keys(), ...fp.keys(), ...fn.keys()]);
  let f1 = 0;
  for (const l of labels) {
    const t = tp.get(l) ?? 0;
    const d = 2 * t + (fp.get(l) ?? 0) + (fn.get(l) ?? 0);
    f1 += d ? (2 * t) / d : 0;
  }
  return { n, accuracy: round(hit / n), macro_f1: round(f1 / labels.size), top3: round(hit3 / n) };
}

/** indices of the k largest values, largest first */
export function topK(p: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: p.length }, (_, i) => i)
    .sort((a, b) => p[b] - p[a])
    .slice(0, k);
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** One held-out prediction: the truth, the ranked labels and the shown (top-1) confidence. */
export interface HeldOut {
  label: string;
  ranked: string[];
  confidence: number;
}

/** Expected calibration error of the top-1 confidence: Σ_b (n_b/n)·|accuracy_b − mean confidence_b| over equal-width bins. */
export function expectedCalibrationError(rows: HeldOut[], bins = 10): number {
  if (!rows.length) return 0;
  const n = new Array<number>(bins).fill(0);
  const hit = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  for (const r of rows) {
    const b = Math.min(bins - 1, Math.floor(r.confidence * bins));
    n[b]++;
    conf[b] += r.confidence;
    if (r.ranked[0] === r.label) hit[b]++;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) if (n[b]) e += (n[b] / rows.length) * Math.abs(hit[b] / n[b] - conf[b] / n[b]);
  return r4(e);
}
