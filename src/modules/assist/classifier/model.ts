// CategoryModel: tf-idf features (char 1–3-grams + jieba words, title up-weighted) →
// complement naive Bayes + softmax regression → calibrated stack → top-3 with explanations.
import type { FeatureOptions } from './text';
import { Vectorizer, type SparseVec } from './vectorizer';
import { NaiveBayes } from './naive-bayes';
import { Softmax } from './softmax';
import { softmax } from './growable';
import { contributions, featureMeans, topWords } from './explain';
import { topK } from './metrics';
import { featuresOf, trainParts } from './train';
import type { CalibrationReport, CategoryModelJSON, EvalResult, Example, Prediction, ProgressFn, TrainOptions } from './types';

export class CategoryModel {
  /** number of real orders seen (training + online) */
  examples = 0;
  /** out-of-fold estimate measured while training (not stored) */
  estimate: EvalResult | null = null;
  /** the out-of-fold check of the confidence (null: not fitted, the scores are raw) */
  calibration: CalibrationReport | null = null;

  private constructor(
    readonly labels: string[],
    readonly features: FeatureOptions,
    readonly vectorizer: Vectorizer,
    readonly nb: NaiveBayes | null,
    readonly lr: Softmax | null,
    readonly weights: number[],
  ) {}

  private get bases(): Array<NaiveBayes | Softmax> {
    return [this.nb, this.lr].filter((m): m is NaiveBayes | Softmax => m !== null);
  }

  static train(examples: Example[], opts: TrainOptions = {}, onProgress?: ProgressFn): CategoryModel {
    if (opts.selfTraining && opts.unlabeled?.length) {
      const { threshold, weight } = opts.selfTraining;
      const first = CategoryModel.train(examples, { ...opts, selfTraining: undefined, unlabeled: undefined, pseudo: undefined }, onProgress);
      const pseudo: Example[] = [];
      for (const u of opts.unlabeled) {
        const top = first.predict(u.title, u.detail, 1)[0];
        if (top && top.confidence >= threshold) pseudo.push({ title: u.title, detail: u.detail, label: top.label });
      }
      return CategoryModel.train(examples, { ...opts, selfTraining: undefined, unlabeled: undefined, pseudo, pseudoWeight: weight }, onProgress);
    }
    const p = trainParts(examples, opts, onProgress);
    const m = new CategoryModel(p.labels, p.features, p.vectorizer, p.nb, p.lr, p.weights);
    m.examples = examples.length;
    m.estimate = p.estimate;
    m.calibration = p.calibration;
    return m;
  }

  private vector(title: string, detail: string, text?: string): SparseVec {
    return this.vectorizer.transform(featuresOf({ title, detail, text }, this.features));
  }

  /** Stacked, calibrated logits of a vector. */
  private logits(x: SparseVec): Float64Array {
    const z = new Float64Array(this.labels.length);
    this.bases.forEach((m, k) => {
      const s = m.scores(x);
      for (let c = 0; c < z.length; c++) z[c] += this.weights[k] * s[c];
    });
    return z;
  }

  /** Calibrated probability of every label, in `labels` order. */
  probabilities(title: string, detail: string, text?: string): Float64Array {
    return softmax(this.logits(this.vector(title, detail, text)));
  }

  /** Top-k labels (default 3), most likely first, with calibrated confidence and the words behind each;
   *  with `keep`, among the kept labels only (their probabilities renormalised). */
  predict(title: string, detail: string, k = 3, text?: string, keep?: (label: string) => boolean): Prediction[] {
    const x = this.vector(title, detail, text);
    const p = softmax(this.logits(x));
    if (keep) {
      // Only some labels can be the answer (orders go to leaf categories): the probability is conditioned on them.
      let sum = 0;
      for (let c = 0; c < p.length; c++) if (keep(this.labels[c])) sum += p[c];
      else p[c] = 0;
      if (sum > 0) for (let c = 0; c < p.length; c++) p[c] /= sum;
    }
    const top = topK(p, k);
    const means = featureMeans(x, this.bases);
    return top.map((c) => ({
      label: this.labels[c],
      confidence: p[c],
      words: topWords(x, contributions(x, this.bases, this.weights, means, c), this.vectorizer.terms),
    }));
  }

  /**
   * Online update from a dispatcher's confirmation or correction. Naive Bayes adds the example
   * exactly; the softmax model takes SGD steps until the example's own top label is the given one
   * (at most `maxSteps`). Unknown labels are refused (returns false): retrain when the catalog changes.
   */
  learn(example: Example, opts: { weight?: number; maxSteps?: number } = {}): boolean {
    const y = this.labels.indexOf(example.label);
    if (y < 0) return false;
    const doc = featuresOf(example, this.features);
    const size = this.vectorizer.observe(doc);
    for (const m of this.bases) m.grow(size);
    const x = this.vectorizer.transform(doc);
    const w = opts.weight ?? 1;
    this.nb?.update(x, y, w);
    if (this.lr) {
      for (let s = 0; s < (opts.maxSteps ?? 20); s++) {
        const z = this.logits(x);
        if (s > 0 && z.every((v, c) => c === y || v < z[y])) break;
        this.lr.step(x, y, this.lr.opts.onlineEta, w);
      }
    }
    this.examples++;
    return true;
  }

  toJSON(): CategoryModelJSON {
    return {
      kind: 'minhu.category-model',
      version: 1,
      labels: this.labels,
      features: this.features,
      vectorizer: this.vectorizer.toJSON(),
      nb: this.nb?.toJSON() ?? null,
      lr: this.lr?.toJSON() ?? null,
      weights: this.weights,
      examples: this.examples,
      calibration: this.calibration,
    };
  }

  static fromJSON(j: CategoryModelJSON | string): CategoryModel {
    const o = (typeof j === 'string' ? JSON.parse(j) : j) as CategoryModelJSON;
    if (o?.kind !== 'minhu.category-model' || o.version !== 1) throw new Error('not a category model (kind/version mismatch)');
    const C = o.labels.length;
    const m = new CategoryModel(
      o.labels,
      o.features,
      Vectorizer.fromJSON(o.vectorizer),
      o.nb ? NaiveBayes.fromJSON(o.nb, C) : null,
      o.lr ? Softmax.fromJSON(o.lr, C) : null,
      o.weights,
    );
    m.examples = o.examples;
    m.calibration = o.calibration ?? null;
    return m;
  }
}
