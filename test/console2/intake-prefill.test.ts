// 智能预填 at intake (web/src/features/intake/prefill.ts): only a calibrated assistant's top choice in the high band.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prefillCategory } from '../../web/src/features/intake/prefill';

const cats = (band: 'high' | 'medium' | 'low' | null) => [{ categoryId: 7, band }, { categoryId: 9, band: 'low' as const }];

test('a calibrated top choice in the high band is filled in', () => {
  assert.equal(prefillCategory({ calibration: { fitted: true }, categories: cats('high') }), 7);
});

test('medium or low bands, an uncalibrated score, or no suggestion fill nothing in', () => {
  assert.equal(prefillCategory({ calibration: { fitted: true }, categories: cats('medium') }), null);
  assert.equal(prefillCategory({ calibration: { fitted: true }, categories: cats('low') }), null);
  assert.equal(prefillCategory({ calibration: { fitted: false }, categories: cats('high') }), null);
  assert.equal(prefillCategory({ categories: cats('high') }), null);
  assert.equal(prefillCategory({ calibration: { fitted: true }, categories: [] }), null);
  assert.equal(prefillCategory({ calibration: { fitted: true } }), null);
  // Only the top choice counts, even if a lower one is high.
  assert.equal(prefillCategory({ calibration: { fitted: true }, categories: [{ categoryId: 1, band: 'medium' }, { categoryId: 2, band: 'high' }] }), null);
});
