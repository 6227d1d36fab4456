// Evaluation: stratified, seeded k-fold cross-validation and train/test scoring.
import { CategoryModel } from './model';
import { stratifiedFolds } from './folds';
import { score, type Scored } from './metrics';
import type { EvalResult, Example, ProgressFn, TrainOptions } from './types';

export { score, type Scored } from './metrics';

export function predictRanked(model: CategoryModel, e: Example): Scored {
  return { label: e.label, ranked: model.predict(e.title, e.detail, 3, e.text).map((p) => p.label) };
}

/** Train on `train`, score on `test`. */
export function trainTest(train: Example[], test: Example[], opts?: TrainOptions, onProgress?: ProgressFn): EvalResult {
  const model = CategoryModel.train(train, opts, onProgress);
  return score(test.map((e) => predictRanked(model, e)));
}

export interface CvOptions {
  folds?: number;
  seed?: number;
  train?: TrainOptions;
  onFold?: (fold: number, folds: number) => void;
}

/** Stratified k-fold cross-validation (seeded: the same seed gives the same folds and figures). */
export function crossValidate(examples: Example[], o: CvOptions = {}): EvalResult {
  const k = o.folds ?? 5;
  if (!Number.isInteger(k) || k < 2 || k > examples.length) throw new Error(`folds must be an integer from 2 to ${examples.length}, got ${k}`);
  const folds = stratifiedFolds(examples.map((e) => e.label), k, o.seed ?? 42);
  const rows: Scored[] = [];
  for (let f = 0; f < k; f++) {
    o.onFold?.(f + 1, k);
    const model = CategoryModel.train(examples.filter((_, i) => folds[i] !== f), o.train);
    examples.forEach((e, i) => {
      if (folds[i] === f) rows.push(predictRanked(model, e));
    });
  }
  return score(rows);
}
