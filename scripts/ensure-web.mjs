// Builds the console when web/dist is missing (fresh clone) or older than its sources (after a `git pull`),
// so `npm start` never serves a stale console.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), st.mtimeMs);
}

const built = existsSync('web/dist/index.html') ? statSync('web/dist/index.html').mtimeMs : 0;
const sources = Math.max(newest('web/src'), newest('web/index.html'), newest('web/portal.html'), newest('web/vite.config.ts'), newest('package-lock.json'));
if (existsSync('web/vite.config.ts') && sources > built) {
  console.log(built ? 'Rebuilding the web console (its sources changed)…' : 'Building the web console (first start only)…');
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
