// Serves the built console (web/dist) at / and the public portal (portal.html) at /portal.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function registerWeb(app: FastifyInstance): Promise<void> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    app.get('/', async (_req, reply) => reply.type('text/html').send('<p>Minhu API is running. The console is not built: run <code>npm run build:web</code>. API docs: <a href="/docs">/docs</a></p>'));
    return;
  }
  // index: false — we serve / ourselves (no-cache). wildcard: a rebuilt console is served without a
  // restart. Hashed assets never change, so they are cached for good; .br/.gz twins are sent when accepted.
  await app.register(fastifyStatic, {
    root: WEB_DIST, prefix: '/', wildcard: true, index: false, preCompressed: true, cacheControl: false,
    setHeaders: (res, file) => res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.get('/', async (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false }));
  // The public portal (its own page and bundle; no sign-in). Its client routes are hash routes like the console's.
  for (const url of ['/portal', '/portal/']) app.get(url, async (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('portal.html', { cacheControl: false }));
}
