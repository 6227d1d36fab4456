// `minhu assessment rebuild [--month YYYY-MM]` runs against a data folder and prints what it rebuilt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function minhu(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['bin/minhu.js', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('CLI: assessment rebuild for a month and for everything; a bad month is refused', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-assess-cli-'));
  const env = { MINHU_DATA_DIR: dataDir, DATABASE_URL: '' };
  try {
    const m = minhu(['assessment', 'rebuild', '--month', '2026-06'], env);
    assert.equal(m.code, 0, m.err);
    assert.deepEqual(JSON.parse(m.out), { month: '2026-06', orders: 0, facts: 0 });
    const all = minhu(['assessment', 'rebuild'], env);
    assert.equal(all.code, 0, all.err);
    assert.equal(JSON.parse(all.out).month, null);
    const bad = minhu(['assessment', 'rebuild', '--month', '2026-6'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /validation_failed/);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
