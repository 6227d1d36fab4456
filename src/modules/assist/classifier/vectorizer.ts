// Vocabulary + tf-idf weighting: tf (raw by default; sublinear 1 + ln c optional), smoothed idf,
// L2 normalisation. Terms are ordered by document frequency so the hot rows of the model
// matrices sit together in memory. The vocabulary can grow online (learn()).
import { IntIdMap } from './intmap';
import { keyOf, termOf, type Emit, type FeatureBag, type FeatureKey } from './text';

export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
}

export interface VectorizerOptions {
  /** drop features seen in fewer documents than this at training time */
  minDf: number;
  /** keep at most this many features (most frequent first) */
  maxFeatures: number;
  sublinearTf: boolean;
  idf: boolean;
  norm: 'l2' | 'l1' | 'none';
}

export const DEFAULT_VECTORIZER: VectorizerOptions = { minDf: 2, maxFeatures: 200_000, sublinearTf: false, idf: true, norm: 'l2' };

export interface VectorizerJSON {
  terms: string[];
  df: number[];
  nDocs: number;
  opts: VectorizerOptions;
}

export class Vectorizer {
  readonly index = new Map<FeatureKey, number>();
  /** readable term of each feature ("c:噪音", "w:噪音", "tc:…" / "tw:…" for title-only features) */
  terms: string[] = [];
  df: number[] = [];
  nDocs = 0;
  constructor(readonly opts: VectorizerOptions = DEFAULT_VECTORIZER) {}

  get size(): number {
    return this.terms.length;
  }

  /**
   * Build the vocabulary and the vectors of n documents in one pass. `emitDoc(i, emit)` emits the
   * feature occurrences of document i. One shared key → id map is used, so each occurrence costs
   * a single hash lookup; per-document counts live in a reusable dense scratch array.
   */
  static fitTransform(
    n: number,
    emitDoc: (i: number, emit: Emit) => void,
    opts: VectorizerOptions = DEFAULT_VECTORIZER,
    /** documents whose features are all kept whatever their frequency (catalog priors) */
    pinned: (i: number) => boolean = () => false,
  ): { vectorizer: Vectorizer; xs: SparseVec[] } {
    const numIds = new IntIdMap(1 << 18);
    const strIds = new Map<string, number>();
    const keys: FeatureKey[] = [];
    let counts = new Float64Array(1 << 16);
    let df = new Int32Array(1 << 16);
    const pin = new Set<number>();
    const touched: number[] = [];
    const docIds: Int32Array[] = [];
    const docCounts: Float32Array[] = [];
    const emit: Emit = (k, w) => {
      if (!(w > 0)) return;
      let id = typeof k === 'number' ? numIds.get(k) : (strIds.get(k) ?? -1);
      if (id < 0) {
        id = keys.length;
        keys.push(k);
        if (typeof k === 'number') numIds.set(k, id);
        else strIds.set(k, id);
        if (id >= counts.length) {
          const c = new Float64Array(counts.length * 2);
          c.set(counts);
          counts = c;
          const d = new Int32Array(df.length * 2);
          d.set(df);
          df = d;
        }
      }
      if (counts[id] === 0) touched.push(id);
      counts[id] += w;
    };
    for (let i = 0; i < n; i++) {
      touched.length = 0;
      emitDoc(i, emit);
      const di = Int32Array.from(touched);
      const dc = new Float32Array(di.length);
      const pinAll = pinned(i);
      for (let j = 0; j < di.length; j++) {
        if (pinAll) pin.add(di[j]);
        dc[j] = counts[di[j]];
        counts[di[j]] = 0;
        df[di[j]]++;
      }
      docIds.push(di);
      docCounts.push(dc);
    }
    const kept: Array<[number, string]> = [];
    for (let id = 0; id < keys.length; id++) if (df[id] >= opts.minDf || pin.has(id)) kept.push([id, termOf(keys[id])]);
    kept.sort((a, b) => df[b[0]] - df[a[0]] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    const v = new Vectorizer(opts);
    const remap = new Int32Array(keys.length).fill(-1);
    for (const [id, term] of kept.slice(0, opts.maxFeatures)) remap[id] = v.add(keys[id], term, df[id]);
    v.nDocs = n;
    const xs = docIds.map((di, d) => {
      const dc = docCounts[d];
      const idx: number[] = [];
      const cnt: number[] = [];
      for (let j = 0; j < di.length; j++) {
        const f = remap[di[j]];
        if (f >= 0) (idx.push(f), cnt.push(dc[j]));
      }
      return v.weigh(Int32Array.from(idx), Float32Array.from(cnt));
    });
    return { vectorizer: v, xs };
  }

  private add(key: FeatureKey, term: string, df: number): number {
    const i = this.terms.length;
    this.terms.push(term);
    this.df.push(df);
    this.index.set(key, i);
    return i;
  }

  /** Online: count one more document, adding its unseen terms. Returns the new vocabulary size. */
  observe(doc: FeatureBag): number {
    this.nDocs++;
    for (const k of doc.keys()) {
      const i = this.index.get(k);
      if (i === undefined) this.add(k, termOf(k), 1);
      else this.df[i]++;
    }
    return this.size;
  }

  idf(i: number): number {
    return this.opts.idf ? Math.log((1 + this.nDocs) / (1 + this.df[i])) + 1 : 1;
  }

  transform(doc: FeatureBag): SparseVec {
    const idx = new Int32Array(doc.size);
    const cnt = new Float32Array(doc.size);
    let n = 0;
    for (const [k, c] of doc) {
      const i = this.index.get(k);
      if (i === undefined || !(c > 0)) continue;
      idx[n] = i;
      cnt[n++] = c;
    }
    return this.weigh(idx.subarray(0, n), cnt.subarray(0, n));
  }

  /** counts → tf-idf, normalised (in place on `cnt`) */
  weigh(idx: Int32Array, cnt: Float32Array): SparseVec {
    const { sublinearTf, norm: mode } = this.opts;
    let norm = 0;
    for (let j = 0; j < idx.length; j++) {
      const c = cnt[j];
      const x = (sublinearTf && c > 1 ? 1 + Math.log(c) : c) * this.idf(idx[j]);
      cnt[j] = x;
      norm += mode === 'l1' ? x : x * x;
    }
    norm = mode === 'none' ? 1 : (mode === 'l1' ? norm : Math.sqrt(norm)) || 1;
    for (let j = 0; j < idx.length; j++) cnt[j] /= norm;
    return { idx, val: cnt };
  }

  toJSON(): VectorizerJSON {
    return { terms: this.terms, df: this.df, nDocs: this.nDocs, opts: this.opts };
  }

  static fromJSON(j: VectorizerJSON): Vectorizer {
    const v = new Vectorizer(j.opts);
    for (let i = 0; i < j.terms.length; i++) v.add(keyOf(j.terms[i]), j.terms[i], j.df[i]);
    v.nDocs = j.nDocs;
    return v;
  }
}
