// Explanation: the features that pushed a class above the others. The stacked model is linear,
// so a feature's contribution to class c is x_f · Σ_m a_m (w_m[f,c] − mean_c' w_m[f,c']).
import type { SparseVec } from './vectorizer';
import { featureText, isDictWord } from './text';

export interface WeightSource {
  /** weight of feature f for class c (any class-independent offset may be dropped) */
  weightOf(f: number, c: number): number;
  /** mean of weightOf(f, ·) over all classes */
  meanWeightOf(f: number): number;
}

/** Per model, the class-mean weight of each nonzero feature of x (shared by all explained classes). */
export function featureMeans(x: SparseVec, models: WeightSource[]): Float64Array[] {
  return models.map((m) => Float64Array.from(x.idx, (f) => m.meanWeightOf(f)));
}

/** Contribution of each nonzero feature of x to class `cls` in the stacked model Σ a_m · model_m. */
export function contributions(x: SparseVec, models: WeightSource[], a: number[], means: Float64Array[], cls: number): Float64Array {
  const out = new Float64Array(x.idx.length);
  models.forEach((m, k) => {
    for (let j = 0; j < x.idx.length; j++) out[j] += a[k] * x.val[j] * (m.weightOf(x.idx[j], cls) - means[k][j]);
  });
  return out;
}

const isWordKey = (key: string) => key.startsWith('w:') || key.startsWith('tw:');

/**
 * Top distinct readable words: jieba words, and character bigrams only when they are dictionary
 * words (so fragments like "口新" spanning two words are not shown). Longer terms absorb the
 * terms they contain; single characters are a fallback when nothing else explains the label.
 */
export function topWords(x: SparseVec, contrib: Float64Array, terms: string[], limit = 5): string[] {
  const order = [...contrib.keys()].filter((j) => contrib[j] > 0).sort((p, q) => contrib[q] - contrib[p]);
  const chosen: string[] = [];
  const singles: string[] = [];
  for (const j of order.slice(0, limit * 8)) {
    const key = terms[x.idx[j]];
    const t = featureText(key);
    if (!t) continue;
    if (t.length === 1) {
      if (!singles.includes(t)) singles.push(t);
      continue;
    }
    if (!isWordKey(key) && !isDictWord(t)) continue;
    if (chosen.some((c) => c.includes(t))) continue;
    const k = chosen.findIndex((c) => t.includes(c));
    if (k >= 0) chosen[k] = t;
    else if (chosen.length < limit) chosen.push(t);
  }
  const out = [...new Set(chosen)];
  if (!out.length) out.push(...singles.slice(0, 2));
  return out.slice(0, limit);
}
