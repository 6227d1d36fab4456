// Multinomial logistic regression trained by SGD on sparse tf-idf vectors.
// L2 regularisation uses the scaled-weights trick (w = scale · v) so each step only
// touches the example's nonzero features; the learning rate follows eta0 / (1 + eta0·λ·t).
import type { SparseVec } from './vectorizer';
import { RowMatrix, rng, shuffle, softmax } from './growable';

export interface SoftmaxOptions {
  /** passes over the data for small sets; large sets get fewer (see stepBudget), never under minEpochs */
  epochs: number;
  minEpochs: number;
  /** cap on epochs × examples, so training time grows linearly with the data */
  stepBudget: number;
  lambda: number;
  eta0: number;
  seed: number;
  /** learning rate of online corrections (learn()) */
  onlineEta: number;
  /** 'log' = multinomial logistic regression, 'hinge' = Crammer–Singer multiclass SVM */
  loss: 'log' | 'hinge';
}
export const DEFAULT_SOFTMAX: SoftmaxOptions = { epochs: 15, minEpochs: 3, stepBudget: 20_000, lambda: 1e-4, eta0: 2, seed: 1, onlineEta: 0.5, loss: 'log' };

export interface SoftmaxJSON {
  opts: SoftmaxOptions;
  vocab: number;
  w: string;
  b: number[];
}

export class Softmax {
  w: RowMatrix; // feature × class, true weight = scale · w
  b: Float64Array;
  private scale = 1;
  constructor(vocab: number, readonly nClasses: number, readonly opts: SoftmaxOptions = DEFAULT_SOFTMAX) {
    this.w = new RowMatrix(vocab, nClasses, true);
    this.b = new Float64Array(nClasses);
  }

  grow(vocab: number): void {
    this.w.grow(vocab);
  }

  scores(x: SparseVec): Float64Array {
    const C = this.nClasses;
    const z = Float64Array.from(this.b);
    const d = this.w.data;
    for (let j = 0; j < x.idx.length; j++) {
      const o = x.idx[j] * C;
      const v = x.val[j] * this.scale;
      for (let c = 0; c < C; c++) z[c] += v * d[o + c];
    }
    return z;
  }

  weightOf(f: number, c: number): number {
    return this.w.data[f * this.nClasses + c] * this.scale;
  }

  meanWeightOf(f: number): number {
    let s = 0;
    for (let c = 0; c < this.nClasses; c++) s += this.w.data[f * this.nClasses + c];
    return (s * this.scale) / this.nClasses;
  }

  /** one SGD step on (x, y) with learning rate eta; returns the loss before the step */
  step(x: SparseVec, y: number, eta: number, weight = 1): number {
    const C = this.nClasses;
    let p: Float64Array;
    let loss: number;
    if (this.opts.loss === 'hinge') {
      const z = this.scores(x);
      let r = -1;
      for (let c = 0; c < C; c++) if (c !== y && (r < 0 || z[c] > z[r])) r = c;
      loss = Math.max(0, 1 - z[y] + (r >= 0 ? z[r] : 0));
      // subgradient written as (p − onehot(y)): +x on the runner-up r, −x on y, or nothing
      p = new Float64Array(C);
      if (loss > 0 && r >= 0) p[r] = 1;
      else p[y] = 1;
    } else {
      p = softmax(this.scores(x));
      loss = -Math.log(Math.max(p[y], 1e-12));
    }
    if (this.opts.lambda > 0) {
      this.scale *= 1 - eta * this.opts.lambda;
      if (this.scale < 1e-6) this.rescale();
    }
    const d = this.w.data;
    const g = eta * weight;
    for (let c = 0; c < C; c++) {
      const gc = p[c] - (c === y ? 1 : 0);
      this.b[c] -= g * gc;
      p[c] = (g * gc) / this.scale;
    }
    for (let j = 0; j < x.idx.length; j++) {
      const o = x.idx[j] * C;
      const v = x.val[j];
      for (let c = 0; c < C; c++) d[o + c] -= v * p[c];
    }
    return loss;
  }

  private rescale(): void {
    const d = this.w.data;
    const n = this.w.rows * this.nClasses;
    for (let i = 0; i < n; i++) d[i] *= this.scale;
    this.scale = 1;
  }

  fit(xs: SparseVec[], ys: number[], weights?: number[], onEpoch?: (epoch: number, epochs: number, loss: number) => void): void {
    const rand = rng(this.opts.seed);
    const order = xs.map((_, i) => i);
    const { eta0, lambda } = this.opts;
    let t = 0;
    const epochs = Math.max(this.opts.minEpochs, Math.min(this.opts.epochs, Math.ceil(this.opts.stepBudget / Math.max(1, xs.length))));
    for (let e = 0; e < epochs; e++) {
      shuffle(order, rand);
      let loss = 0;
      for (const i of order) {
        const eta = eta0 / (1 + eta0 * lambda * t++);
        loss += this.step(xs[i], ys[i], eta, weights?.[i] ?? 1);
      }
      onEpoch?.(e + 1, epochs, loss / Math.max(1, xs.length));
    }
    this.rescale();
  }

  toJSON(): SoftmaxJSON {
    this.rescale();
    return { opts: this.opts, vocab: this.w.rows, w: this.w.toBase64(), b: [...this.b] };
  }

  static fromJSON(j: SoftmaxJSON, nClasses: number): Softmax {
    const m = new Softmax(0, nClasses, j.opts);
    m.w = RowMatrix.fromBase64(j.w, j.vocab, nClasses, true);
    m.b = Float64Array.from(j.b);
    return m;
  }
}
