// `npm run bench -- scale [--orders N] [--db pglite|postgres] [--pg-url URL] [--seconds S] [--connections C] [--chunk K] [--parallel P] [--keep] [--reuse URL]`
// A megacity's year: N orders with their history generated inside the database (bench/lib/scale-history.ts), the
// deadline sweep timed over them in-process, then a real server process measured through the HTTP API by a
// closed-loop load generator (C keep-alive connections, S seconds per scenario after a 2 s warm-up): a street's
// list (default, by status, by warning, a deep page), the centre's list with filters, Chinese text search
// (a common, a medium and a rare word; last, since a slow search keeps the database busy after its client gave up),
// order detail, and intake while the database holds N orders.
// One JSON line: {db, orders, events, generateMs, listP99Ms, detailP99Ms, searchP95Ms, sweepMs, intakePerSec, intakeP99Ms,
// dbBytesPerMillion, rssMb, …, scenarios: {name: {p50Ms, p95Ms, p99Ms, perSec, errors}}}.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config';
import { migrate, type Db } from '../src/db';
import { openPglite } from '../src/db/pglite';
import { openPostgres } from '../src/db/postgres';
import { seedDemo } from '../src/modules/org/seed-demo';
import { buildServices } from '../src/services';
import { ManualClock } from '../src/shared/clock';
import { runSweep } from '../src/modules/sla/sweep';
import { generateScaleHistory, RARE_WORD, recordPastAlerts, textPool } from './lib/scale-history';
import { drive, type LoadRequest, type LoadResult } from './lib/load';
import { orderBody } from './lib/orders';
import { BENCH_PASSWORD, CONSOLE_HEADERS, createDatabase, DEFAULT_PG_URL, login, ROOT, startServerProcess, tempDataDir } from './lib/server';

const log = (m: string) => console.error(`[scale] ${new Date().toISOString().slice(11, 19)} ${m}`);
/** The instant the generated year ends and the server's clock starts. */
const NOW = '2026-11-20T10:00:00+08:00';
const USAGE = 'usage: npm run bench -- scale [--orders N] [--db pglite|postgres] [--pg-url URL] [--seconds 15] [--connections 10] [--chunk K] [--parallel P] [--keep] [--reuse URL]';

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? dirBytes(p) : e.isFile() ? fs.statSync(p).size : 0;
  }
  return n;
}

/** Resident set size of a process in MB now, and its peak (VmHWM), from /proc. */
function rss(pid: number): { now: number; peak: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
    return { now: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { orders: { type: 'string', default: '1000000' }, db: { type: 'string', default: 'postgres' }, 'pg-url': { type: 'string' }, seconds: { type: 'string', default: '15' }, connections: { type: 'string', default: '10' }, chunk: { type: 'string' }, parallel: { type: 'string' }, keep: { type: 'boolean', default: false }, reuse: { type: 'string' } },
  });
  const orders = Number(values.orders);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const kind = values.db;
  if (!Number.isInteger(orders) || orders < 1000 || !Number.isInteger(Number(values.parallel ?? 1)) || Number(values.parallel ?? 1) < 1 || (kind !== 'pglite' && kind !== 'postgres') || !(seconds > 0) || !Number.isInteger(connections) || connections < 1) {
    console.error(USAGE);
    return 2;
  }
  const chunk = Number(values.chunk ?? (kind === 'pglite' ? 20_000 : 100_000));
  // Chunks loaded side by side (PostgreSQL; one connection each): the load is CPU-bound in one backend per statement.
  const parallel = kind === 'pglite' ? 1 : Number(values.parallel ?? 2);
  const pgUrl = values['pg-url'] ?? process.env.MINHU_BENCH_DATABASE_URL ?? process.env.MINHU_TEST_DATABASE_URL ?? DEFAULT_PG_URL;
  const dataDir = kind === 'pglite' ? tempDataDir('minhu-scale-bench-') : os.tmpdir();
  // --reuse URL: a database an earlier run kept (--keep): migrated to this tree (timed), measured again without generating.
  const reuse = values.reuse ?? null;
  const pgDb = reuse ? { url: reuse, name: new URL(reuse).pathname.slice(1), drop: async () => undefined } : kind === 'postgres' ? await createDatabase(pgUrl, 'minhu_scale') : null;
  const open = (): Promise<Db> => (pgDb ? openPostgres(pgDb.url, 4) : openPglite(dataDir));
  const clock = new ManualClock(NOW);
  const config = loadConfig({ dataDir, demo: true, demoPassword: BENCH_PASSWORD, logLevel: 'silent', sweepIntervalMs: 0, overloadMaxEventLoopDelayMs: 0 }, {});
  let server: Awaited<ReturnType<typeof startServerProcess>> | null = null;
  try {
    // 1. The district, then the year, inside the database.
    let db = await open();
    let t0 = performance.now();
    await migrate(db);
    const migrateMs = Math.round(performance.now() - t0);
    const s = buildServices(db, clock, config);
    log(`migrated in ${migrateMs} ms; seeding the demo district`);
    await seedDemo(s, { community: true });
    const { rows: units } = await db.query<{ id: number; type: string; code: string }>(`select id, type, code from units where type in ('street', 'town', 'department', 'company') order by id`);
    const { rows: cats } = await db.query<{ id: number }>('select c.id from catalog_categories c where not exists (select 1 from catalog_categories k where k.parent_id = c.id) order by c.id');
    const operator = (await s.users.byUsername('operator'))!;
    const texts = textPool(path.resolve(ROOT, '../shared/data'));
    log(`generating ${orders} orders (${units.length} main units, ${cats.length} categories, ${texts.titles.length} texts of which ${texts.real} real messages)`);
    t0 = performance.now();
    const g = reuse ? (await db.query<{ orders: number; events: number; assignments: number }>(
      'select (select count(*) from orders)::int as orders, (select count(*) from order_events)::int as events, (select count(*) from order_assignments)::int as assignments')).rows[0] : await generateScaleHistory(db, {
      orders, now: clock.now(), chunk, parallel, log,
      units: { mainIds: units.map((u) => u.id), mainIsArea: units.map((u) => u.type === 'street' || u.type === 'town'), streetIds: units.filter((u) => u.type === 'street').map((u) => u.id), categoryIds: cats.map((c) => c.id), operatorId: operator.id },
      texts,
    });
    const generateMs = Math.round(performance.now() - t0);
    const pastAlerts = reuse ? 0 : await recordPastAlerts(db, clock.now());
    log(`generated ${g.orders} orders, ${g.events} events, ${g.assignments} assignments, ${pastAlerts} past alerts in ${Math.round(performance.now() - t0)} ms; vacuum and analyze`);
    // What autovacuum does after a bulk load: statistics, and the visibility map for index-only scans.
    await db.query('vacuum analyze');
    const { rows: open0 } = await db.query<{ n: number }>(`select count(*)::int as n from orders where status not in ('closed', 'merged', 'invalid', 'answered')`);

    // 2. The deadline sweep as the server runs it each minute: the first pass records what is overdue, later passes find nothing new.
    const pass = async () => {
      const t = performance.now();
      await s.provisional.recompute();
      await s.whistle.sweep();
      const r = await runSweep(db, clock);
      return { ms: Math.round(performance.now() - t), ...r };
    };
    log(`sweeping ${open0[0].n} open orders`);
    const first = await pass();
    const steady = [await pass(), await pass(), await pass()];
    const sweepMs = [...steady].sort((a, b) => a.ms - b.ms)[1].ms;
    log(`sweep: first ${first.ms} ms (${first.recorded} alerts), then ${steady.map((x) => x.ms).join(', ')} ms`);
    const street = units.find((u) => u.type === 'street')!;
    const { rows: streetN } = await db.query<{ n: number }>(`select count(*)::int as n from orders o where exists (select 1 from order_assignments a join units u on u.id = a.unit_id where a.order_id = o.id and a.active and u.path like (select path from units where id = $1) || '%')`, [street.id]);
    const { rows: catRow } = await db.query<{ id: number }>(`select category_id as id from orders where category_id is not null group by 1 order by count(*) desc limit 1`);
    const { rows: idRange } = await db.query<{ lo: number; hi: number }>('select min(id) as lo, max(id) as hi from orders');
    await db.close();

    // 3. A real server on that database; the generated year ends at its clock's start.
    log('starting the server');
    server = await startServerProcess({ dataDir, databaseUrl: pgDb?.url ?? null, clockStart: NOW, readyTimeoutMs: 600_000, captureOutput: false, env: { MINHU_SWEEP_INTERVAL_MS: '0', MINHU_INSIGHT_INTERVAL_MS: '0' } });
    const pid = server.pid;
    const readyMs = server.readyMs;
    const url = server.url;
    log(`server ready in ${server.readyMs} ms`);
    const centre = await login(url, 'dispatcher');
    const handler = await login(url, `handler.${street.code}`);
    const op = await login(url, 'operator');
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss(pid)?.now ?? 0)), 250);
    const scenarios: Record<string, Omit<LoadResult, 'errorSamples'>> = {};
    const run = async (name: string, cookie: string, next: (i: number) => LoadRequest) => {
      const headers = { cookie, ...CONSOLE_HEADERS };
      await drive({ url, seconds: 2, connections, headers, next });
      const r = await drive({ url, seconds, connections, headers, next });
      const { errorSamples, ...rest } = r;
      scenarios[name] = rest;
      log(`${name}: p50 ${r.p50Ms} p95 ${r.p95Ms} p99 ${r.p99Ms} ms, ${r.perSec}/s${r.errors ? `, ${r.errors} errors: ${errorSamples.join(' | ')}` : ''}`);
    };
    const get = (p: string) => () => ({ path: p });
    const lo = idRange[0].lo;
    const span = idRange[0].hi - lo + 1;
    const q = (w: string) => `/api/v1/orders?q=${encodeURIComponent(w)}`;
    const LIST = ['streetList', 'streetClosed', 'streetRed', 'centreFilters', 'centreCategory'];
    const SEARCH = ['searchCommon', 'searchMedium', 'searchRare'];
    await run('streetList', handler, get('/api/v1/orders'));
    await run('streetClosed', handler, get('/api/v1/orders?status=closed'));
    await run('streetRed', handler, get('/api/v1/orders?warning=red'));
    await run('streetDeepPage', handler, get('/api/v1/orders?page=50'));
    await run('centreFilters', centre, get('/api/v1/orders?status=accepted,dispatched&channel=web'));
    await run('centreCategory', centre, get(`/api/v1/orders?categoryId=${catRow[0]?.id ?? 1}&type=complaint&from=2026-06-01&to=2026-09-30`));
    await run('detail', centre, (i) => ({ path: `/api/v1/orders/${lo + ((i * 7919) % span)}` }));
    await run('intake', op, (i) => ({ method: 'POST', path: '/api/v1/orders', body: JSON.stringify(orderBody(i, { tag: 'scale', seed: 77 })) }));
    await run('searchCommon', centre, get(q('小区')));
    await run('searchMedium', centre, get(q('路灯')));
    await run('searchRare', centre, get(q(RARE_WORD)));
    clearInterval(sampler);
    const mem = rss(pid);
    await server.stop();
    server = null;

    // 4. Size: the database on the server, or the data folder.
    let dbBytes: number;
    if (pgDb) {
      db = await open();
      dbBytes = Number((await db.query<{ b: string }>('select pg_database_size(current_database())::text as b')).rows[0].b);
      await db.close();
    } else dbBytes = dirBytes(dataDir);
    const worst = (names: string[], k: 'p95Ms' | 'p99Ms') => Math.max(...names.map((n) => scenarios[n][k] ?? Infinity));
    console.log(JSON.stringify({
      db: kind, orders: g.orders, migrateMs, reused: reuse !== null, events: g.events, assignments: g.assignments, openOrders: open0[0].n, streetOrders: streetN[0].n, generateMs,
      listP99Ms: worst(LIST, 'p99Ms'), detailP99Ms: scenarios.detail.p99Ms, searchP95Ms: worst(SEARCH, 'p95Ms'), deepPageP99Ms: scenarios.streetDeepPage.p99Ms,
      sweepMs, sweepFirstMs: first.ms, pastAlerts, sweepFirstAlerts: first.recorded, sweepExamined: first.examined,
      intakePerSec: scenarios.intake.perSec, intakeP99Ms: scenarios.intake.p99Ms,
      dbBytes, dbBytesPerMillion: Math.round((dbBytes / g.orders) * 1e6), rssMb: Math.max(peakRss, mem?.now ?? 0), rssPeakMb: mem?.peak ?? null,
      readyMs, connections, seconds, loadAvg: os.loadavg()[0], scenarios,
    }));
    return Object.values(scenarios).some((x) => x.errors > 0) ? 1 : 0;
  } finally {
    if (server) await server.stop();
    if (pgDb && values.keep) log(`kept the database: ${pgDb.url}`);
    else if (pgDb) await pgDb.drop();
    if (kind === 'pglite') fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
