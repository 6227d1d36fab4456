// `minhu insight rebuild` runs against a data folder (seeded with the demo) and prints what it rebuilt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function minhu(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['bin/minhu.js', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('CLI: insight rebuild counts every order; a wrong subcommand is refused', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-insight-cli-'));
  const env = { MINHU_DATA_DIR: dataDir, DATABASE_URL: '', MINHU_CLOCK_START: '2026-03-02T09:00:00+08:00' };
  try {
    const seed = minhu(['seed', '--demo'], env);
    assert.equal(seed.code, 0, seed.err);
    const r = minhu(['insight', 'rebuild'], env);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.ok(out.orders > 0 && out.rows > 0, r.out);
    const bad = minhu(['insight', 'rebuilt'], env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /usage: insight rebuild/);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
