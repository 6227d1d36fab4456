// Training pipeline: features → tf-idf vocabulary → base models on inner folds (out-of-fold
// logits) → stack weights by log-loss (ensemble + temperature) → base models on everything.
import { DEFAULT_FEATURES, emitFeatures, extractFeatures, type FeatureBag, type FeatureOptions } from './text';
import { DEFAULT_VECTORIZER, Vectorizer } from './vectorizer';
import { DEFAULT_NB, NaiveBayes } from './naive-bayes';
import { DEFAULT_SOFTMAX, Softmax } from './softmax';
import { fitStackWeights } from './calibration';
import { stratifiedFolds } from './folds';
import { softmax } from './growable';
import { priorDocuments } from './priors';
import { expectedCalibrationError, score, topK, type HeldOut } from './metrics';
/** Weight of a catalog prior pseudo-document: 6 since 2026-12-03, chosen by 3-fold CV on all labelled messages
 * among 3 and 6 (README "Which data chose what"); it was 3. */
export const DEFAULT_PRIOR_WEIGHT = 6;

import type { CalibrationReport, EvalResult, Example, ProgressFn, TrainOptions } from './types';

/** Combine features of title and detail (the optional `text` is appended to the detail). */
export function featuresOf(e: { title: string; detail: string; text?: string }, o: FeatureOptions): FeatureBag {
  const detail = e.text ? `${e.detail ?? ''}\n${e.text}` : (e.detail ?? '');
  return extractFeatures(e.title ?? '', detail, o);
}

/** above this many labels the default ensemble drops the (dense) softmax model */
export const DENSE_MAX_LABELS = 40;

export interface TrainedParts {
  labels: string[];
  features: FeatureOptions;
  vectorizer: Vectorizer;
  nb: NaiveBayes | null;
  lr: Softmax | null;
  weights: number[];
  /** out-of-fold estimate on the real examples (null when there were too few to hold any out) */
  estimate: EvalResult | null;
  /** how the shown confidence was calibrated (null: too few real examples to fit it; the scores are then raw) */
  calibration: CalibrationReport | null;
}

/** Fewest real examples the confidence is fitted on when some category has only one of them. */
const MIN_CALIBRATION_EXAMPLES = 20;

export function trainParts(examples: Example[], opts: TrainOptions = {}, onProgress?: ProgressFn): TrainedParts {
  const fo: FeatureOptions = { ...DEFAULT_FEATURES, ...opts.features };
  const priors = priorDocuments(opts.priors ?? []);
  const labels = [...new Set([...examples.map((e) => e.label), ...priors.map((p) => p.label), ...(opts.pseudo ?? []).map((p) => p.label)])].sort();
  if (!labels.length) throw new Error('cannot train a category model without examples or priors');
  // the softmax weights are dense (features × labels): with many labels (catalog leaves) use NB alone
  const kinds = opts.models ?? (labels.length <= DENSE_MAX_LABELS ? ['nb', 'lr'] : ['nb']);
  const useNB = kinds.includes('nb');
  const useLR = kinds.includes('lr');
  if (!useNB && !useLR) throw new Error('models must include "nb" and/or "lr"');

  const pseudo = opts.pseudo ?? [];
  const all: Example[] = [...examples, ...priors, ...pseudo];
  const isPrior = (i: number) => i >= examples.length && i < examples.length + priors.length;
  const priorFo: FeatureOptions = { ...fo, charMin: Math.max(fo.charMin, 2) };
  const sampleW = all.map((_, i) => (i < examples.length ? 1 : isPrior(i) ? (opts.priorWeight ?? DEFAULT_PRIOR_WEIGHT) : (opts.pseudoWeight ?? 0.5)));
  const { vectorizer: vec, xs } = Vectorizer.fitTransform(
    all.length,
    (i, emit) => {
      if (i % 1000 === 0) onProgress?.({ stage: 'features', done: i, total: all.length });
      const e = all[i];
      // catalog names are short: a shared single character ("司" in 司机 / 司法) is no evidence there
      emitFeatures(e.title, e.text ? `${e.detail ?? ''}\n${e.text}` : e.detail, isPrior(i) ? priorFo : fo, emit);
    },
    { ...DEFAULT_VECTORIZER, ...opts.vectorizer },
    isPrior,
  );
  onProgress?.({ stage: 'features', done: all.length, total: all.length });
  const ys = all.map((e) => labels.indexOf(e.label));
  const seed = opts.seed ?? 1;
  const nbo = { ...DEFAULT_NB, ...opts.nb };
  const lro = { ...DEFAULT_SOFTMAX, seed, ...opts.softmax };

  const fit = (idx: number[], stage: string) => {
    const nb = useNB ? new NaiveBayes(vec.size, labels.length, nbo) : null;
    const lr = useLR ? new Softmax(vec.size, labels.length, lro) : null;
    nb?.fit(
      idx.map((i) => xs[i]),
      idx.map((i) => ys[i]),
      idx.map((i) => sampleW[i]),
    );
    lr?.fit(
      idx.map((i) => xs[i]),
      idx.map((i) => ys[i]),
      idx.map((i) => sampleW[i]),
      (e, total) => onProgress?.({ stage, done: e, total }),
    );
    return { nb, lr, list: [nb, lr].filter((m): m is NaiveBayes | Softmax => m !== null) };
  };

  let weights = new Array<number>(Number(useNB) + Number(useLR)).fill(1);
  let estimate: EvalResult | null = null;
  // Folds are dealt per class, so a class with a single example is held out once and scored from the
  // catalog priors alone — a fair test of a rare category. Only with too few examples overall is the
  // confidence left unfitted (and then reported as such, not shown as a probability).
  const minClass = minClassCount(examples);
  const k = Math.min(opts.calibrationFolds ?? 5, minClass >= 2 ? minClass : examples.length >= MIN_CALIBRATION_EXAMPLES && new Set(examples.map((e) => e.label)).size >= 2 ? 5 : 0);
  let calibration: CalibrationReport | null = null;
  if (k >= 2) {
    const folds = stratifiedFolds(examples.map((e) => e.label), k, seed + 7);
    const rounds = examples.length > (opts.calibrationFullMax ?? 2000) ? 1 : k;
    const oof: Float64Array[][] = weights.map(() => []);
    const held: number[] = [];
    for (let f = 0; f < rounds; f++) {
      const trainIdx = all.map((_, i) => i).filter((i) => i >= examples.length || folds[i] !== f);
      const models = fit(trainIdx, `calibration ${f + 1}/${rounds}`).list;
      for (let i = 0; i < examples.length; i++) {
        if (folds[i] !== f) continue;
        held.push(i);
        models.forEach((m, j) => oof[j].push(m.scores(xs[i])));
      }
    }
    const heldY = held.map((i) => ys[i]);
    weights = fitStackWeights(oof, heldY);
    const rows: HeldOut[] = held.map((i, r) => {
      const z = new Float64Array(labels.length);
      oof.forEach((zs, j) => zs[r].forEach((v, c) => (z[c] += weights[j] * v)));
      const p = softmax(z);
      const ranked = topK(p, 3);
      return { label: examples[i].label, ranked: ranked.map((c) => labels[c]), confidence: p[ranked[0]] };
    });
    estimate = score(rows);
    calibration = { heldOut: rows.length, ece: expectedCalibrationError(rows), accuracy: estimate.accuracy };
  }
  const { nb, lr } = fit(all.map((_, i) => i), 'final');
  return { labels, features: fo, vectorizer: vec, nb, lr, weights, estimate, calibration };
}

function minClassCount(examples: Example[]): number {
  const n = new Map<string, number>();
  for (const e of examples) n.set(e.label, (n.get(e.label) ?? 0) + 1);
  return n.size < 2 ? 0 : Math.min(...n.values());
}
