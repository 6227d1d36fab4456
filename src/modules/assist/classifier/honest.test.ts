import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedCalibrationError, learningCurve, nestedCrossValidate, syntheticOrders, wilson, type HeldOut } from './index';

test('Wilson interval: contains the proportion, narrows with n, stays inside [0, 1]', () => {
  const [lo, hi] = wilson(80, 100);
  assert.ok(lo < 0.8 && 0.8 < hi);
  const [lo2, hi2] = wilson(800, 1000);
  assert.ok(hi2 - lo2 < hi - lo);
  assert.equal(wilson(10, 10)[1], 1);
  assert.ok(wilson(10, 10)[0] > 0.6);
  assert.equal(wilson(0, 10)[0], 0);
});

test('ECE: zero when confidence matches accuracy in every bin, the gap when over-confident', () => {
  const row = (ok: boolean, confidence: number): HeldOut => ({ label: 'a', ranked: ok ? ['a', 'b'] : ['b', 'a'], confidence });
  const calibrated = [...Array(7)].map(() => row(true, 0.75)).concat([...Array(3)].map(() => row(false, 0.75)));
  // 7 of 10 right at confidence 0.75 → |0.7 − 0.75|
  assert.ok(Math.abs(expectedCalibrationError(calibrated) - 0.05) < 1e-9);
  const perfect = [row(true, 0.95), row(true, 0.99), row(false, 0.05)];
  assert.ok(expectedCalibrationError(perfect) < 0.05);
  const over = [...Array(10)].map((_, i) => row(i < 5, 0.99));
  assert.ok(Math.abs(expectedCalibrationError(over) - 0.49) < 1e-9);
  assert.equal(expectedCalibrationError([]), 0);
});

test('nested CV: inner folds choose per outer fold, outer folds score, the interval holds the estimate', () => {
  const data = syntheticOrders(6, 21);
  const cands = [
    { name: 'default', options: { calibrationFolds: 2 } },
    { name: 'title-only-chars', options: { calibrationFolds: 2, features: { words: false, charMin: 2, charMax: 2, titleWeight: 1 } } },
  ];
  const r = nestedCrossValidate(data, cands, { outerFolds: 3, innerFolds: 2, seed: 5 });
  assert.equal(r.n, data.length);
  assert.equal(r.chosen.length, 3);
  assert.ok(r.chosen.every((c) => cands.some((x) => x.name === c)));
  assert.ok(r.inner.every((s) => Object.keys(s).length === 2));
  // the chosen one is the best of its inner scores
  r.inner.forEach((s, f) => assert.equal(s[r.chosen[f]], Math.max(...Object.values(s))));
  assert.ok(r.accuracy_ci95[0] <= r.accuracy && r.accuracy <= r.accuracy_ci95[1]);
  assert.ok(r.accuracy > 0.7, `synthetic orders are separable: ${r.accuracy}`);
  assert.ok(r.ece >= 0 && r.ece < 0.5);
  assert.deepEqual(nestedCrossValidate(data, cands, { outerFolds: 3, innerFolds: 2, seed: 5 }).chosen, r.chosen, 'seeded');
});

test('learning curve: sizes are capped by the training part, more data does not hurt much', () => {
  const data = syntheticOrders(6, 22);
  const pts = learningCurve(data, [7, 1000], { calibrationFolds: 0 }, { folds: 3, seed: 1 });
  assert.equal(pts[0].train, 7);
  assert.equal(pts[1].train, 28); // 2/3 of 42
  assert.ok(pts[1].accuracy >= pts[0].accuracy - 0.05, JSON.stringify(pts));
});
