import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../src/db';
import { openPglite } from '../src/db/pglite';
import { SERVER_CLOCK_START } from '../bench/lib/server';

function minhu(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['bin/minhu.js', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('a failing migration throws, names itself, and leaves the ones after it unapplied', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-mig-'));
  fs.writeFileSync(path.join(dir, '0001_ok.sql'), 'create table a (x int);');
  fs.writeFileSync(path.join(dir, '0002_bad.sql'), 'create table b (x int); select * from no_such_table;');
  fs.writeFileSync(path.join(dir, '0003_later.sql'), 'create table c (x int);');
  const db = await openPglite(null);
  try {
    await assert.rejects(migrate(db, dir), /Migration 0002_bad failed/);
    const { rows } = await db.query<{ id: string }>('select id from schema_migrations order by id');
    assert.deepEqual(rows.map((r) => r.id), ['0001_ok']);
    const { rows: t } = await db.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_name in ('b', 'c')`);
    assert.equal(t[0].n, 0, 'the failed migration rolled back and the later one did not run');
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI: migrate, import-catalog with per-line errors, user add, and unknown commands', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-cli-'));
  // A controlled clock: the demo seed dates its orders relative to "now".
  const env = { MINHU_DATA_DIR: dataDir, DATABASE_URL: '', MINHU_CLOCK_START: SERVER_CLOCK_START };
  try {
    const m = minhu(['migrate'], env);
    assert.equal(m.code, 0, m.err);
    assert.ok(JSON.parse(m.out).applied.includes('0001_init'));
    assert.deepEqual(JSON.parse(minhu(['migrate'], env).out).applied, [], 'migrate is idempotent');

    const good = path.join(dataDir, 'good.csv');
    fs.writeFileSync(good, 'level1,level2,level3,tier\n城乡建设,市政,路灯不亮,3\n城乡建设,市政,井盖缺失,1\n');
    const imp = minhu(['import-catalog', good], env);
    assert.equal(imp.code, 0, imp.err);
    assert.equal(JSON.parse(imp.out).leaves, 2);
    const bad = path.join(dataDir, 'bad.csv');
    fs.writeFileSync(bad, 'level1,level2,level3,tier\n城乡建设,,路灯,3\n城乡建设,市政,井盖,9\n');
    const bi = minhu(['import-catalog', bad], env);
    assert.equal(bi.code, 1);
    assert.match(bi.err, /catalog_import_failed.*line 2/);

    const seed = minhu(['seed', '--demo'], env);
    assert.equal(seed.code, 0, seed.err);
    const add = minhu(['user', 'add', '--username', 'zhang', '--password', 'longenough1', '--role', 'handler', '--unit', '350102001'], env);
    assert.equal(add.code, 0, add.err);
    assert.equal(JSON.parse(add.out).username, 'zhang');
    const dup = minhu(['user', 'add', '--username', 'zhang', '--password', 'longenough1', '--role', 'handler', '--unit', '350102001'], env);
    assert.equal(dup.code, 1);
    assert.match(dup.err, /already taken/);
    assert.equal(minhu(['user', 'add', '--username', 'x', '--password', 'longenough1', '--role', 'king', '--unit', '350102001'], env).code, 1);
    assert.equal(minhu(['frobnicate'], env).code, 2);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
