// Calibrated ensemble: the final logit is Σ_m a_m · z_m over the base models' logits, with
// a_m ≥ 0 fitted by minimising the log-loss of out-of-fold predictions. This both weights
// the models and acts as temperature scaling, so `confidence` is a usable probability.
import { softmax } from './growable';

/** logits[m][i] = base model m's logit vector for example i */
export function fitStackWeights(logits: Float64Array[][], ys: number[], init?: number[], iters = 100): number[] {
  const M = logits.length;
  const n = ys.length;
  if (!n) return init ?? new Array(M).fill(1);
  // centre each logit vector so shifts do not matter and scales are comparable
  const Z = logits.map((rows) => rows.map(centre));
  let theta = (init ?? defaultInit(Z)).map((a) => Math.log(Math.max(a, 1e-6)));
  let f = nll(Z, ys, theta.map(Math.exp));
  let step = 0.5;
  for (let it = 0; it < iters && step > 1e-6; it++) {
    const a = theta.map(Math.exp);
    const g = new Array(M).fill(0);
    for (let i = 0; i < n; i++) {
      const p = softmax(combine(Z, i, a));
      for (let m = 0; m < M; m++) {
        const z = Z[m][i];
        let s = 0;
        for (let c = 0; c < z.length; c++) s += (p[c] - (c === ys[i] ? 1 : 0)) * z[c];
        g[m] += (s * a[m]) / n; // chain rule through a = exp(θ)
      }
    }
    // backtracking line search
    for (;;) {
      const next = theta.map((t, m) => t - step * g[m]);
      const fn = nll(Z, ys, next.map(Math.exp));
      if (fn <= f) {
        theta = next;
        const gain = f - fn;
        f = fn;
        step *= 1.5;
        if (gain < 1e-9) it = iters;
        break;
      }
      step /= 2;
      if (step <= 1e-6) break;
    }
  }
  return theta.map(Math.exp);
}

function defaultInit(Z: Float64Array[][]): number[] {
  // start with each model scaled to unit mean absolute logit
  return Z.map((rows) => {
    let s = 0;
    let k = 0;
    for (const z of rows) for (const v of z) (s += Math.abs(v)), k++;
    return k && s ? k / s : 1;
  });
}

function centre(z: Float64Array): Float64Array {
  let m = 0;
  for (const v of z) m += v;
  m /= z.length || 1;
  return z.map((v) => v - m);
}

function combine(Z: Float64Array[][], i: number, a: number[]): Float64Array {
  const C = Z[0][i].length;
  const z = new Float64Array(C);
  for (let m = 0; m < Z.length; m++) for (let c = 0; c < C; c++) z[c] += a[m] * Z[m][i][c];
  return z;
}

function nll(Z: Float64Array[][], ys: number[], a: number[]): number {
  let s = 0;
  for (let i = 0; i < ys.length; i++) s -= Math.log(Math.max(softmax(combine(Z, i, a))[ys[i]], 1e-12));
  return s / ys.length;
}
