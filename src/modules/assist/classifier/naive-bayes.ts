// Multinomial / complement naive Bayes over tf-idf weighted features, stored sparsely: each
// feature keeps only the classes it occurred in, so hundreds of catalog leaves cost no more than
// the (feature, class) pairs actually seen. Counts are additive, so online learning is exact.
import type { SparseVec } from './vectorizer';

export interface NBOptions {
  alpha: number;
  complement: boolean;
}
export const DEFAULT_NB: NBOptions = { alpha: 0.1, complement: true };

export interface NBJSON {
  opts: NBOptions;
  vocab: number;
  /** CSR layout, base64: ptr Int32[vocab+1], cls Uint16[nnz] (Int32 above 65535 labels), cnt Float32[nnz] */
  ptr: string;
  cls: string;
  cnt: string;
  classTotals: number[];
  classDocs: number[];
}

const b64 = (a: Int32Array | Uint16Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function unb64<T extends Int32Array | Uint16Array | Float32Array>(s: string, make: (b: ArrayBuffer) => T): T {
  const buf = Buffer.from(s, 'base64');
  return make(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

export class NaiveBayes {
  /** per feature: the classes it was seen in and the float32-rounded sums of its weights there */
  cls: number[][] = [];
  cnt: number[][] = [];
  rowSum: number[] = [];
  /** cached per (feature, listed class) log-weight above the feature's unlisted-class weight */
  lw: number[][] = [];
  lwSum: number[] = [];
  classTotals: Float64Array;
  classDocs: Float64Array;

  constructor(vocab: number, readonly nClasses: number, readonly opts: NBOptions = DEFAULT_NB) {
    this.classTotals = new Float64Array(nClasses);
    this.classDocs = new Float64Array(nClasses);
    this.grow(vocab);
  }

  get vocab(): number {
    return this.cls.length;
  }

  grow(vocab: number): void {
    while (this.cls.length < vocab) {
      this.cls.push([]);
      this.cnt.push([]);
      this.rowSum.push(0);
      this.lw.push([]);
      this.lwSum.push(0);
    }
  }

  /** Recompute a feature's derived values from its counts (deterministic, so JSON round trips exactly). */
  private refresh(f: number): void {
    const cn = this.cnt[f];
    const a = this.opts.alpha;
    let r = 0;
    for (const v of cn) r += v;
    this.rowSum[f] = r;
    // complement: w[f,c] = −ln(r − n[f,c] + α) + class term; unlisted classes have n = 0
    // multinomial: w[f,c] = ln(n[f,c] + α) + class term; unlisted classes have ln α
    const base = this.opts.complement ? Math.log(r + a) : -Math.log(a);
    const lw = new Array<number>(cn.length);
    let sum = 0;
    for (let k = 0; k < cn.length; k++) {
      lw[k] = base + (this.opts.complement ? -Math.log(Math.max(r - cn[k], 0) + a) : Math.log(cn[k] + a));
      sum += lw[k];
    }
    this.lw[f] = lw;
    this.lwSum[f] = sum;
  }

  /** Bulk training: one dense accumulator per class, so cost is linear in the data. */
  fit(xs: SparseVec[], ys: number[], weights?: number[]): void {
    const acc = new Float64Array(this.vocab);
    const touched = new Set<number>();
    const byClass: number[][] = Array.from({ length: this.nClasses }, () => []);
    ys.forEach((y, i) => byClass[y].push(i));
    for (let c = 0; c < this.nClasses; c++) {
      const seen: number[] = [];
      for (const i of byClass[c]) {
        const w = weights?.[i] ?? 1;
        if (!(w > 0)) continue;
        const x = xs[i];
        for (let j = 0; j < x.idx.length; j++) {
          const f = x.idx[j];
          if (acc[f] === 0) seen.push(f);
          acc[f] += x.val[j] * w;
          this.classTotals[c] += x.val[j] * w;
        }
        this.classDocs[c] += w;
      }
      for (const f of seen) {
        this.cls[f].push(c);
        this.cnt[f].push(Math.fround(acc[f]));
        acc[f] = 0;
        touched.add(f);
      }
    }
    for (const f of touched) this.refresh(f);
  }

  update(x: SparseVec, y: number, weight = 1): void {
    for (let j = 0; j < x.idx.length; j++) {
      const f = x.idx[j];
      const v = x.val[j] * weight;
      const k = this.cls[f].indexOf(y);
      if (k < 0) {
        this.cls[f].push(y);
        this.cnt[f].push(Math.fround(v));
      } else this.cnt[f][k] = Math.fround(this.cnt[f][k] + v);
      this.refresh(f);
      this.classTotals[y] += v;
    }
    this.classDocs[y] += weight;
  }

  /** Class scores up to a constant shared by all classes (softmax-invariant). */
  scores(x: SparseVec): Float64Array {
    const C = this.nClasses;
    const aV = this.opts.alpha * this.vocab;
    const z = new Float64Array(C);
    let S = 0;
    for (let j = 0; j < x.val.length; j++) S += x.val[j];
    if (this.opts.complement) {
      // class term of w[f,c]: + ln(Σ totals − total[c] + αV)
      let all = 0;
      for (let c = 0; c < C; c++) all += this.classTotals[c];
      for (let c = 0; c < C; c++) z[c] = S * Math.log(all - this.classTotals[c] + aV);
    } else {
      // class log-prior and − ln(total[c] + αV)
      const docs = this.classDocs.reduce((s, v) => s + v, 0);
      for (let c = 0; c < C; c++) z[c] = Math.log((this.classDocs[c] + 1) / (docs + C)) - S * Math.log(this.classTotals[c] + aV);
    }
    for (let j = 0; j < x.idx.length; j++) {
      const f = x.idx[j];
      const v = x.val[j];
      const cl = this.cls[f];
      const lw = this.lw[f];
      for (let k = 0; k < cl.length; k++) z[cl[k]] += v * lw[k];
    }
    return z;
  }

  /** Feature-dependent part of the weight of feature f for class c (for explanations). */
  weightOf(f: number, c: number): number {
    const k = this.cls[f].indexOf(c);
    return k < 0 ? 0 : this.lw[f][k];
  }

  /** mean over all classes of weightOf(f, ·) */
  meanWeightOf(f: number): number {
    return this.lwSum[f] / this.nClasses;
  }

  toJSON(): NBJSON {
    const V = this.vocab;
    const ptr = new Int32Array(V + 1);
    for (let f = 0; f < V; f++) ptr[f + 1] = ptr[f] + this.cls[f].length;
    const cls = this.nClasses <= 65535 ? new Uint16Array(ptr[V]) : new Int32Array(ptr[V]);
    const cnt = new Float32Array(ptr[V]);
    for (let f = 0; f < V; f++) {
      cls.set(this.cls[f], ptr[f]);
      cnt.set(this.cnt[f], ptr[f]);
    }
    return { opts: this.opts, vocab: V, ptr: b64(ptr), cls: b64(cls), cnt: b64(cnt), classTotals: [...this.classTotals], classDocs: [...this.classDocs] };
  }

  static fromJSON(j: NBJSON, nClasses: number): NaiveBayes {
    const m = new NaiveBayes(0, nClasses, j.opts);
    const ptr = unb64(j.ptr, (b) => new Int32Array(b));
    const cls = unb64(j.cls, (b) => (nClasses <= 65535 ? new Uint16Array(b) : new Int32Array(b)));
    const cnt = unb64(j.cnt, (b) => new Float32Array(b));
    if (ptr.length !== j.vocab + 1 || cls.length !== ptr[j.vocab] || cnt.length !== cls.length) throw new Error('naive Bayes counts are inconsistent');
    for (let f = 0; f < j.vocab; f++) {
      m.cls.push(Array.from(cls.subarray(ptr[f], ptr[f + 1])));
      m.cnt.push(Array.from(cnt.subarray(ptr[f], ptr[f + 1])));
      m.rowSum.push(0);
      m.lw.push([]);
      m.lwSum.push(0);
      m.refresh(f);
    }
    m.classTotals = Float64Array.from(j.classTotals);
    m.classDocs = Float64Array.from(j.classDocs);
    return m;
  }
}
