// An in-process app on a fresh test database (PGlite, or server PostgreSQL with MINHU_TEST_DATABASE_URL),
// with the demo district, catalog and users seeded and a clock the test controls.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { seedDemo } from '../../src/modules/org/seed-demo';
import { buildServices, type Services } from '../../src/services';
import { ManualClock } from '../../src/shared/clock';
import { openTestDb, type TestDb, type TestDbOptions } from './db';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';

export const DEMO_PASSWORD = 'test-demo-pw';
/** The header the console sends; state-changing requests without it are refused as forged (csrf_rejected). */
export const CONSOLE = { 'x-minhu-request': '1' } as const;

export interface TestApp {
  app: FastifyInstance;
  s: Services;
  clock: ManualClock;
  tdb: TestDb;
  /** Signs in and returns a request function carrying that user's session cookie. */
  as(username: string): Promise<Client>;
  close(): Promise<void>;
}
export type Client = (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

export async function createTestApp(opts: { seed?: boolean; start?: string; config?: Partial<Config>; logger?: AppOptions['logger']; modules?: AppOptions['modules']; replicas?: TestDbOptions['replicas'] } = {}): Promise<TestApp> {
  const tdb = await openTestDb({ replicas: opts.replicas });
  const clock = new ManualClock(opts.start ?? '2026-03-02T09:00:00+08:00');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-test-'));
  const config = loadConfig({ dataDir, databaseUrl: tdb.url, demo: true, demoPassword: DEMO_PASSWORD, logLevel: 'silent', sweepIntervalMs: 0, overloadMaxEventLoopDelayMs: 0, ...opts.config }, {});
  const s = buildServices(tdb.db, clock, config);
  if (opts.seed !== false) await seedDemo(s);
  const app = await buildApp(s, { logger: opts.logger ?? false, modules: opts.modules, serveWeb: false });
  await app.ready();
  return {
    app,
    s,
    clock,
    tdb,
    async as(username: string) {
      const r = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: DEMO_PASSWORD }, headers: CONSOLE });
      if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
      const cookie = r.cookies.find((c) => c.name === 'minhu_session')!;
      return (method, url, body, headers) =>
        app.inject({ method: method as 'GET', url, payload: body as object, headers: { ...CONSOLE, cookie: `minhu_session=${cookie.value}`, ...(headers ?? {}) } });
    },
    async close() {
      await app.close();
      await tdb.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
