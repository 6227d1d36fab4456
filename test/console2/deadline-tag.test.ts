// The deadline tag's words: 超时 X from the first second past the deadline, never 剩 0分 (web/src/shared/format.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deadlineCountdown, fmtDuration } from '../../web/src/shared/format';

const due = '2026-03-02T10:00:00.000Z';
const at = (iso: string) => new Date(iso).getTime();
const words = (now: string, lang: 'zh' | 'en' = 'zh') => {
  const c = deadlineCountdown(due, at(now));
  return `${c.overdue ? '超时' : '剩'} ${fmtDuration(c.minutes, lang)}`;
};

test('around and after the deadline the tag says how long it is overdue', () => {
  assert.equal(words('2026-03-02T09:59:30Z'), '剩 1分', 'under a minute left is not 0');
  assert.equal(words('2026-03-02T10:00:00Z'), '超时 1分', 'at the deadline it is overdue');
  assert.equal(words('2026-03-02T10:00:20Z'), '超时 1分');
  assert.equal(words('2026-03-02T12:00:30Z'), '超时 2小时');
  assert.equal(words('2026-03-02T12:05:00Z'), '超时 2小时5分');
  assert.equal(words('2026-03-04T10:10:00Z'), '超时 2天');
  assert.equal(words('2026-03-04T13:10:00Z'), '超时 2天3小时');
  assert.equal(words('2026-03-02T07:30:00Z'), '剩 2小时30分');
  assert.equal(words('2026-03-02T12:00:30Z', 'en'), '超时 2h');
});
