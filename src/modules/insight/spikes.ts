// Spike test 激增检验 (pure): is today's count of a (street, category) pair unusually high against that pair's
// own baseline? The baseline is the same weekday of the previous `weeks` weeks (a weekly seasonal reference,
// so Mondays are compared with Mondays); the count is taken as Poisson with the baseline mean λ (floored so
// that a pair with no history needs several orders) and a spike is P(X ≥ observed | λ) < p with at least
// `min` orders.

export interface SpikeOptions { p: number; min: number; floor: number }
export const DEFAULT_SPIKE: SpikeOptions = { p: 1e-4, min: 5, floor: 0.5 };

/** P(X ≥ x) for X ~ Poisson(λ). */
export function poissonUpper(x: number, lambda: number): number {
  if (x <= 0) return 1;
  let term = Math.exp(-lambda);
  let below = term;
  for (let k = 1; k < x; k++) {
    term *= lambda / k;
    below += term;
  }
  return Math.max(0, 1 - below);
}

export interface SpikeResult { observed: number; lambda: number; p: number; spike: boolean }

export function spikeTest(observed: number, baseline: number[], o: SpikeOptions = DEFAULT_SPIKE): SpikeResult {
  const mean = baseline.length ? baseline.reduce((a, b) => a + b, 0) / baseline.length : 0;
  const lambda = Math.max(mean, o.floor);
  const p = poissonUpper(observed, lambda);
  return { observed, lambda: Math.round(lambda * 100) / 100, p, spike: observed >= o.min && p < o.p };
}
