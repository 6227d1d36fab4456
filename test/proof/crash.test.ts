// Crash safety: a server under concurrent order creation is kill -9'ed at random moments and restarted on
// the same data; every order acknowledged with 2xx must survive intact. And an embedded data folder has
// exactly one owner: a second server is refused with a message naming the holder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { runCrashtest } from '../../bench/crashtest';
import { ROOT, serverClockNow, startServerProcess, tempDataDir } from '../../bench/lib/server';
import { testDatabaseUrl } from '../../src/config';
import { openPglite } from '../../src/db/pglite';

const log = (m: string) => console.log(m);

test('kill -9 under load on PGlite, 3 times: every acknowledged order is there and intact', { timeout: 300_000 }, async () => {
  const r = await runCrashtest({ db: 'pglite', kills: 3, concurrency: 8, minLoadMs: 300, maxLoadMs: 1200, finalLoadMs: 500, log });
  console.log(JSON.stringify({ ...r, restartMs: undefined }));
  assert.ok(r.acknowledged > 0, 'no order was acknowledged');
  assert.equal(r.lost, 0, `${r.lost} acknowledged orders lost (seed ${r.seed})`);
  assert.equal(r.damaged, 0, `${r.damaged} acknowledged orders damaged (seed ${r.seed})`);
  // PGlite leaves postmaster.pid behind on kill -9; the data-folder lock must clear it, or the restart would hang.
  assert.equal(r.stalePidFiles, 3, 'expected a stale postmaster.pid after every kill');
  assert.equal(r.restartMs.length, 3);
});

const pgUrl = testDatabaseUrl();
test('kill -9 under load on PostgreSQL, 2 times: every acknowledged order is there and intact', { timeout: 300_000, skip: pgUrl ? false : 'set MINHU_TEST_DATABASE_URL to run against server PostgreSQL' }, async () => {
  const r = await runCrashtest({ db: 'postgres', pgUrl: pgUrl!, kills: 2, concurrency: 8, minLoadMs: 300, maxLoadMs: 1200, finalLoadMs: 500, log });
  console.log(JSON.stringify({ ...r, restartMs: undefined }));
  assert.ok(r.acknowledged > 0);
  assert.equal(r.lost, 0, `${r.lost} acknowledged orders lost (seed ${r.seed})`);
  assert.equal(r.damaged, 0);
});

test('a second server on the same PGlite data folder is refused while the first is alive', { timeout: 240_000 }, async () => {
  const dataDir = tempDataDir('minhu-lock-');
  const first = await startServerProcess({ dataDir, env: { MINHU_SWEEP_INTERVAL_MS: '0' } });
  try {
    const second = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MINHU_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', MINHU_SWEEP_INTERVAL_MS: '0', MINHU_CLOCK_START: serverClockNow().toISOString() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    second.stdout.on('data', (d) => (out += d));
    second.stderr.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => second.kill('SIGKILL'), 90_000);
      second.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.notEqual(code, 0, `the second server did not fail:\n${out}`);
    assert.notEqual(code, null, `the second server hung instead of refusing:\n${out}`);
    assert.match(out, /data_dir_locked/);
    assert.ok(out.includes(`process ${first.pid}`), `the message does not name the holder (pid ${first.pid}):\n${out}`);
    assert.ok(out.includes(dataDir), 'the message does not name the folder');
    // The first one is unharmed.
    const r = await fetch(`${first.url}/api/v1/me`);
    assert.equal(r.status, 401);
  } finally {
    await first.stop();
  }
  // Stopped cleanly, the folder is free again (and holds the data).
  const db = await openPglite(dataDir);
  try {
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from units');
    assert.ok(rows[0].n > 0);
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
