// The spike test on generated data: a known injected spike is found (and only it); a flat baseline —
// constant, or Poisson noise around a steady mean — raises nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { poissonUpper, spikeTest } from '../../src/modules/insight/spikes';
import { rng } from './_truth';

/** Knuth's Poisson sampler (small λ). */
function poisson(rand: () => number, lambda: number): number {
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

test('the Poisson tail', () => {
  assert.equal(poissonUpper(0, 3), 1);
  assert.ok(Math.abs(poissonUpper(1, 2) - (1 - Math.exp(-2))) < 1e-12);
  assert.ok(poissonUpper(15, 3) < 1e-5);
});

test('an injected spike is detected, and nothing else over 40 pairs × 70 days', () => {
  const rand = rng(7);
  const pairs = 40;
  const days = 70;
  const lambdas = Array.from({ length: pairs }, () => 0.5 + rand() * 6);
  const series = lambdas.map((l) => Array.from({ length: days }, () => poisson(rand, l)));
  const spikePair = 17;
  const spikeDay = 65;
  series[spikePair][spikeDay] = Math.round(lambdas[spikePair] * 4 + 8);
  const found: string[] = [];
  for (let p = 0; p < pairs; p++) {
    for (let d = 56; d < days; d++) {
      const baseline = Array.from({ length: 8 }, (_, k) => series[p][d - 7 * (k + 1)]);
      if (spikeTest(series[p][d], baseline).spike) found.push(`${p}@${d}`);
    }
  }
  assert.deepEqual(found, [`${spikePair}@${spikeDay}`]);
});

test('a flat baseline raises nothing; a pair without history needs several orders', () => {
  for (const level of [0, 1, 3, 10, 50]) assert.equal(spikeTest(level, Array(8).fill(level)).spike, false, `constant ${level}`);
  assert.equal(spikeTest(3, Array(8).fill(0)).spike, false, 'three orders where there were none: below the minimum');
  assert.equal(spikeTest(6, Array(8).fill(0)).spike, true, 'six where there were none');
  assert.equal(spikeTest(8, [3, 4, 2, 3, 5, 3, 4, 3]).spike, false, 'a busy day within the noise');
});
