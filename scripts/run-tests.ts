// Runs every *.test.ts under src/ and test/ with node:test. Extra args are passed as file filters.
// MINHU_TEST_DATABASE_URL=postgres://… runs the database tests against server PostgreSQL instead of PGlite.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') walk(p, out);
    else if (e.isFile() && e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
let files = [...walk('src'), ...walk('test')].sort();
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (!files.length) {
  console.error('no test files matched');
  process.exit(1);
}
// Browser tests drive the built console: build it first when they are selected.
if (files.some((f) => f.startsWith(path.join('test', 'e2e')))) {
  const b = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (b.status !== 0) {
    console.error('building the web console failed');
    process.exit(b.status ?? 1);
  }
}
const concurrency = process.env.MINHU_TEST_CONCURRENCY ?? '2';
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
