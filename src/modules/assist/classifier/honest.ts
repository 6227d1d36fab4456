// Honest evaluation: nested cross-validation (inner folds choose the configuration, outer folds
// score it), a Wilson interval for the outer accuracy, a learning curve, and the expected
// calibration error of the confidence the product shows.
import { CategoryModel } from './model';
import { stratifiedFolds } from './folds';
import { rng, shuffle } from './growable';
import { expectedCalibrationError, score, type HeldOut } from './metrics';
export { expectedCalibrationError, type HeldOut };
import type { EvalResult, Example, TrainOptions } from './types';

export interface Candidate {
  name: string;
  options: TrainOptions;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function predictHeld(model: CategoryModel, e: Example): HeldOut {
  const p = model.predict(e.title, e.detail, 3, e.text);
  return { label: e.label, ranked: p.map((x) => x.label), confidence: p[0]?.confidence ?? 0 };
}

/** Wilson score interval for k successes in n trials (z = 1.96 → 95 %). */
export function wilson(k: number, n: number, z = 1.96): [number, number] {
  if (!n) return [0, 1];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [r4(Math.max(0, c - h)), r4(Math.min(1, c + h))];
}


/** Held-out predictions of k-fold cross-validation with one configuration. */
export function heldOutPredictions(examples: Example[], options: TrainOptions, folds: number, seed: number): HeldOut[] {
  const f = stratifiedFolds(examples.map((e) => e.label), folds, seed);
  const out: HeldOut[] = [];
  for (let k = 0; k < folds; k++) {
    const model = CategoryModel.train(examples.filter((_, i) => f[i] !== k), options);
    examples.forEach((e, i) => f[i] === k && out.push(predictHeld(model, e)));
  }
  return out;
}

export interface NestedResult extends EvalResult {
  /** 95 % Wilson interval of the outer accuracy */
  accuracy_ci95: [number, number];
  top3_ci95: [number, number];
  /** ECE (10 bins) of the shown confidence on the outer folds */
  ece: number;
  mean_confidence: number;
  /** configuration chosen by the inner folds of each outer fold */
  chosen: string[];
  /** inner accuracy of every candidate, per outer fold */
  inner: Record<string, number>[];
  outer_folds: number;
  inner_folds: number;
}

export interface NestedOptions {
  outerFolds?: number;
  innerFolds?: number;
  seed?: number;
  onStep?: (msg: string) => void;
}

/**
 * Nested cross-validation: for each outer fold, every candidate is scored by inner k-fold CV on the
 * outer training part only; the best (accuracy, then top-3, then list order) is retrained on that part
 * and scores the outer fold. The outer figure is therefore never used to choose anything.
 */
export function nestedCrossValidate(examples: Example[], candidates: Candidate[], o: NestedOptions = {}): NestedResult {
  if (!candidates.length) throw new Error('nested cross-validation needs at least one candidate');
  const K = o.outerFolds ?? 5;
  const k = o.innerFolds ?? 3;
  const seed = o.seed ?? 42;
  const outer = stratifiedFolds(examples.map((e) => e.label), K, seed);
  const rows: HeldOut[] = [];
  const chosen: string[] = [];
  const inner: Record<string, number>[] = [];
  for (let f = 0; f < K; f++) {
    const train = examples.filter((_, i) => outer[i] !== f);
    let best = candidates[0];
    let seen: Record<string, number> = {};
    if (candidates.length > 1) {
      const sel = selectConfiguration(train, candidates, { folds: k, seed: seed + 100 + f, onStep: (m) => o.onStep?.(`outer ${f + 1}/${K}: ${m}`) });
      best = candidates.find((c) => c.name === sel.chosen)!;
      seen = Object.fromEntries(Object.entries(sel.scores).map(([name, x]) => [name, x.accuracy]));
    }
    inner.push(seen);
    chosen.push(best.name);
    o.onStep?.(`outer ${f + 1}/${K}: scoring ${best.name}`);
    const model = CategoryModel.train(train, best.options);
    examples.forEach((e, i) => outer[i] === f && rows.push(predictHeld(model, e)));
  }
  const s = score(rows);
  const hits = rows.filter((r) => r.ranked[0] === r.label).length;
  const hits3 = rows.filter((r) => r.ranked.slice(0, 3).includes(r.label)).length;
  return {
    ...s,
    accuracy_ci95: wilson(hits, rows.length),
    top3_ci95: wilson(hits3, rows.length),
    ece: expectedCalibrationError(rows),
    mean_confidence: r4(rows.reduce((a, r) => a + r.confidence, 0) / (rows.length || 1)),
    chosen,
    inner,
    outer_folds: K,
    inner_folds: k,
  };
}

export interface Selection {
  /** the candidate chosen: best k-fold accuracy, then top-3, then list order */
  chosen: string;
  /** k-fold accuracy and top-3 of every candidate */
  scores: Record<string, { accuracy: number; top3: number }>;
  folds: number;
}

/**
 * The product's configuration is chosen exactly as the nested estimate's inner folds choose it, but on all the
 * labelled data: k-fold CV of every candidate, best accuracy wins. The nested estimate is the figure for this
 * procedure; this selection's own scores are not (they chose).
 */
export function selectConfiguration(examples: Example[], candidates: Candidate[], o: { folds?: number; seed?: number; onStep?: (m: string) => void } = {}): Selection {
  if (!candidates.length) throw new Error('selection needs at least one candidate');
  const k = o.folds ?? 3;
  const seed = o.seed ?? 42;
  const scores: Selection['scores'] = {};
  let best: string | null = null;
  for (const c of candidates) {
    o.onStep?.(`selection: ${k}-fold CV of ${c.name}`);
    const s = score(heldOutPredictions(examples, c.options, k, seed));
    scores[c.name] = { accuracy: s.accuracy, top3: s.top3 };
    const b = best === null ? null : scores[best];
    if (!b || s.accuracy > b.accuracy || (s.accuracy === b.accuracy && s.top3 > b.top3)) best = c.name;
  }
  return { chosen: best!, scores, folds: k };
}

export interface CurvePoint {
  train: number;
  accuracy: number;
  top3: number;
  accuracy_ci95: [number, number];
}

/**
 * Learning curve: for each size, every outer fold trains on a seeded random subset of that size of
 * its training part and scores the whole held-out fold (sizes above the training part use all of it).
 */
export function learningCurve(examples: Example[], sizes: number[], options: TrainOptions = {}, o: { folds?: number; seed?: number } = {}): CurvePoint[] {
  const K = o.folds ?? 5;
  const seed = o.seed ?? 42;
  const outer = stratifiedFolds(examples.map((e) => e.label), K, seed);
  return sizes.map((size) => {
    const rows: HeldOut[] = [];
    let used = 0;
    for (let f = 0; f < K; f++) {
      const pool = shuffle(examples.filter((_, i) => outer[i] !== f), rng(seed + size * 31 + f));
      const train = pool.slice(0, Math.min(size, pool.length));
      used = Math.max(used, train.length);
      const model = CategoryModel.train(train, options);
      examples.forEach((e, i) => outer[i] === f && rows.push(predictHeld(model, e)));
    }
    const s = score(rows);
    return { train: used, accuracy: s.accuracy, top3: s.top3, accuracy_ci95: wilson(rows.filter((r) => r.ranked[0] === r.label).length, rows.length) };
  });
}
