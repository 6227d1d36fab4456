// Builds the console once if web/dist is missing (fresh clone), so `npm start` serves it.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
if (!existsSync('web/dist/index.html') && existsSync('web/vite.config.ts')) {
  console.log('Building the web console (first start only)…');
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
