// Issue 11 item 7 / issue 12 item 3: the shown confidence is calibrated whenever there are enough real
// examples (one category with a single example no longer skips the fit), the fit is checked out of fold
// (ECE stored with the model), and predictions can be restricted to the labels that can be the answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CategoryModel, syntheticOrders } from './index';
import { SYNTHETIC_LEXICON } from './synthetic';

const labels = Object.keys(SYNTHETIC_LEXICON);
// Catalog-like priors: every label has a name, and a dozen extra "parent" labels that are never the truth.
const priors = [
  ...labels.map((l) => ({ label: l, names: [l], keywords: [] })),
  ...Array.from({ length: 12 }, (_, i) => ({ label: `parent-${i}`, names: [`父级分类${i}`], keywords: [] })),
];

test('one category with a single example no longer leaves the confidence unfitted', () => {
  const examples = [...syntheticOrders(6, 3, labels.slice(1)), ...syntheticOrders(1, 4, labels.slice(0, 1))];
  assert.ok(examples.length >= 20);
  const m = CategoryModel.train(examples, { priors });
  assert.ok(m.calibration, 'the confidence was fitted and checked');
  assert.equal(m.calibration.heldOut, examples.length);
  assert.ok(m.calibration.ece >= 0 && m.calibration.ece <= 1);
  assert.ok(m.calibration.accuracy > 0.5, `out-of-fold accuracy ${m.calibration.accuracy}`);
  // The report survives the trip to and from the training worker.
  assert.deepEqual(CategoryModel.fromJSON(JSON.stringify(m.toJSON())).calibration, m.calibration);
});

test('with too few real examples the model says its scores are not calibrated', () => {
  const m = CategoryModel.train(syntheticOrders(1, 5, labels.slice(0, 5)), { priors });
  assert.equal(m.calibration, null);
});

test('predict among kept labels: the others get nothing and the kept probabilities are renormalised', () => {
  const m = CategoryModel.train(syntheticOrders(6, 6), { priors });
  const e = syntheticOrders(1, 7, labels.slice(2, 3))[0];
  const all = m.predict(e.title, e.detail, m.labels.length);
  const kept = m.predict(e.title, e.detail, m.labels.length, undefined, (l) => !l.startsWith('parent-'));
  const mass = all.filter((p) => !p.label.startsWith('parent-')).reduce((s, p) => s + p.confidence, 0);
  const top = kept[0];
  assert.equal(top.label, all.filter((p) => !p.label.startsWith('parent-'))[0].label);
  assert.ok(Math.abs(top.confidence - all.find((p) => p.label === top.label)!.confidence / mass) < 1e-9);
  assert.ok(kept.filter((p) => p.label.startsWith('parent-')).every((p) => p.confidence === 0));
  assert.ok(Math.abs(kept.reduce((s, p) => s + p.confidence, 0) - 1) < 1e-9);
});
