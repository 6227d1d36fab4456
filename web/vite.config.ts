// Vite config for the console. root = web/, output web/dist; the Minhu server serves web/dist at `/`
// with an index.html fallback, and during development /api is proxied to a local server.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;
const outDir = path.join(root, 'dist');

/** Writes .br and .gz next to each text asset, for a static server that serves pre-compressed files. */
function precompress(): Plugin {
  return {
    name: 'minhu-precompress',
    apply: 'build',
    writeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }));
      }
    },
  };
}

export default defineConfig(({ mode }) => {
  // The API the dev server (and `vite preview`) proxies /api to; MINHU_API_URL overrides it.
  const apiTarget = loadEnv(mode, root, 'MINHU_').MINHU_API_URL ?? 'http://127.0.0.1:8080';
  return {
    root,
    base: '/',
    plugins: [react(), precompress()],
    build: {
      outDir,
      emptyOutDir: true,
      chunkSizeWarningLimit: 1200,
      target: 'es2022',
      // Two pages: the staff console (index.html, at /) and the public portal (portal.html, at /portal), which
      // loads none of the console's code.
      rollupOptions: { input: { index: path.join(root, 'index.html'), portal: path.join(root, 'portal.html') } },
    },
    server: {
      proxy: {
        '/api': { target: apiTarget, changeOrigin: false },
      },
    },
  };
});
