import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInstant } from './instant';
import { AppError } from './errors';

const bad = (v: string) => assert.throws(() => parseInstant(v, 'from', 'Asia/Shanghai'), (e) => e instanceof AppError && e.code === 'invalid_date', v);

test('dates are the start of that day in the city zone; date-times keep their offset', () => {
  assert.equal(parseInstant('2025-09-30', 'from', 'Asia/Shanghai').toISOString(), '2025-09-29T16:00:00.000Z');
  assert.equal(parseInstant('2025-09-30T10:00:00+08:00', 'from', 'Asia/Shanghai').toISOString(), '2025-09-30T02:00:00.000Z');
  assert.equal(parseInstant('2025-09-30T10:00Z', 'from', 'Asia/Shanghai').toISOString(), '2025-09-30T10:00:00.000Z');
});

test('impossible or non-ISO values are invalid_date, never rolled over', () => {
  for (const v of ['2025-02-30', '2025-13-01T10:00:00+08:00', '2025-02-29', 'yesterday', '30/09/2025', '2025-09-30T24:00:00Z', '', '2025-09-30T10:61Z']) bad(v);
  assert.equal(parseInstant('2024-02-29', 'from', 'UTC').toISOString(), '2024-02-29T00:00:00.000Z');
});
