import type { FeatureOptions } from './text';
import type { VectorizerJSON, VectorizerOptions } from './vectorizer';
import type { NBJSON, NBOptions } from './naive-bayes';
import type { SoftmaxJSON, SoftmaxOptions } from './softmax';
import type { LabelPrior } from './priors';

export interface Example {
  /** optional extra text (e.g. the call-taker's notes), appended to the detail */
  text?: string;
  title: string;
  detail: string;
  label: string;
}

export interface Prediction {
  label: string;
  /** calibrated probability of this label */
  confidence: number;
  /** the words that pushed this label up, strongest first */
  words: string[];
}

export interface EvalResult {
  n: number;
  accuracy: number;
  macro_f1: number;
  top3: number;
}

export interface TrainOptions {
  features?: Partial<FeatureOptions>;
  vectorizer?: Partial<VectorizerOptions>;
  nb?: Partial<NBOptions>;
  softmax?: Partial<SoftmaxOptions>;
  /** base models of the ensemble (default both up to 40 labels, naive Bayes alone above) */
  models?: Array<'nb' | 'lr'>;
  /** inner folds for the out-of-fold calibration of the stack (default 5; 0 = fixed weights) */
  calibrationFolds?: number;
  /** above this many examples only one inner fold is held out, to bound training time (default 2000) */
  calibrationFullMax?: number;
  /** catalog names/keywords per label, added as weighted pseudo-documents */
  priors?: LabelPrior[];
  /** weight of one prior pseudo-document relative to one real order (default DEFAULT_PRIOR_WEIGHT, 6) */
  priorWeight?: number;
  seed?: number;
  /** unlabelled orders for self-training (requires `selfTraining`) */
  unlabeled?: Array<{ title: string; detail: string }>;
  /** self-training: a first model labels `unlabeled`; those it is at least `threshold` sure of join
   *  the training data with `weight` (never held out for calibration), and the model is trained again */
  selfTraining?: { threshold: number; weight: number };
  /** examples in every training fold but never held out to fit the calibration (self-training's
   *  pseudo-labels; generated demo history), each with weight `pseudoWeight` (default 0.5) */
  pseudo?: Example[];
  pseudoWeight?: number;
}

export type ProgressFn = (p: { stage: string; done: number; total: number }) => void;

export interface CategoryModelJSON {
  kind: 'minhu.category-model';
  version: 1;
  labels: string[];
  features: FeatureOptions;
  vectorizer: VectorizerJSON;
  nb: NBJSON | null;
  lr: SoftmaxJSON | null;
  weights: number[];
  examples: number;
  /** absent in models saved before it was recorded */
  calibration?: CalibrationReport | null;
}

/** The out-of-fold check of the shown (top-1) confidence made while training. */
export interface CalibrationReport {
  /** real examples held out to fit and check it */
  heldOut: number;
  /** expected calibration error (10 bins) of the top-1 confidence on them */
  ece: number;
  /** top-1 accuracy on them */
  accuracy: number;
}
