// `npm run bench -- insight [--orders N] [--months 12] [--db pglite|postgres] [--pg-url URL] [--runs 30] [--seconds 60] [--interval-ms 20000]`
// Generates N closed orders over the last M months (M = 1: all of them in the hotspots' 30-day window) straight into SQL (as the assessment bench does), rebuilds the
// rollups, then measures the district and a street's dashboard summary (from the rollups), a full hotspot
// refresh (7- and 30-day windows), and — with the real join passes (woken by the registration's NOTIFY) on a real-time
// clock — how long a newly registered order takes to appear in its stored hotspot (joinP99Ms): from the registration's
// answer to visible. joinPassP99Ms: a pass's own time; registerP99Ms: the whole registration (which only queues it).
// Prints one JSON line: {db, orders, summaryP95Ms, streetSummaryP95Ms, hotspotRefreshMs, joinP99Ms, …}.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config';
import { migrate, type Db } from '../src/db';
import { openPglite } from '../src/db/pglite';
import { openPostgres } from '../src/db/postgres';
import { seedDemo } from '../src/modules/org/seed-demo';
import { buildServices } from '../src/services';
import { OffsetClock } from '../src/shared/clock';
import { startJobs } from '../src/jobs/runner';
import { generateHistory } from '../src/modules/assessment/history';
import { addMonths, monthOf } from '../src/modules/assessment/month';
import { ASSESSED_TYPES } from '../src/modules/assessment/rankings';
import { refreshHotspots } from '../src/modules/insight/hotspots';

import { startJoinQueue } from '../src/modules/insight/join-queue';
import { ORDER_CHANNEL } from '../src/services';
import { polygonCentroid, type AreaGeometry } from '../src/modules/geo';
import { createDatabase, DEFAULT_PG_URL, sleep } from './lib/server';

const log = (m: string) => console.error(`[insight] ${m}`);
const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 100) / 100 : null;
};

async function openFresh(kind: 'pglite' | 'postgres', pgUrl: string): Promise<{ db: Db; done(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-insight-bench-'));
    const db = await openPglite(dir);
    return { db, done: async () => { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  const d = await createDatabase(pgUrl, 'minhu_insight');
  const db = await openPostgres(d.url, 4);
  return { db, done: async () => { await db.close(); await d.drop(); } };
}

/** This process's peak resident set (VmHWM) in MB: the refresh runs here, so it is the refresh's memory at most. */
function peakRssMb(): number | null {
  const m = /^VmHWM:\s+(\d+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { orders: { type: 'string', default: '20000' }, months: { type: 'string', default: '12' }, db: { type: 'string', default: 'pglite' }, 'pg-url': { type: 'string' }, runs: { type: 'string', default: '30' }, seconds: { type: 'string', default: '60' }, 'interval-ms': { type: 'string', default: '20000' } },
  });
  const orders = Number(values.orders);
  const monthCount = Number(values.months);
  const runs = Number(values.runs);
  const seconds = Number(values.seconds);
  const intervalMs = Number(values['interval-ms']);
  if (!Number.isInteger(orders) || orders < 1 || !Number.isInteger(monthCount) || monthCount < 1 || monthCount > 12 || (values.db !== 'pglite' && values.db !== 'postgres') || !(seconds > 0) || !(intervalMs > 0)) {
    console.error('usage: npm run bench -- insight [--orders N] [--months 1..12] [--db pglite|postgres] [--pg-url URL] [--runs 30] [--seconds 60] [--interval-ms 20000]');
    return 2;
  }
  const pgUrl = values['pg-url'] ?? process.env.MINHU_BENCH_DATABASE_URL ?? process.env.MINHU_TEST_DATABASE_URL ?? DEFAULT_PG_URL;
  const { db, done } = await openFresh(values.db, pgUrl);
  try {
    await migrate(db);
    // Real time from a fixed instant: the job runner's timers and the data agree.
    const clock = new OffsetClock('2026-11-20T10:00:00+08:00');
    const config = loadConfig({ dataDir: os.tmpdir(), demo: true, logLevel: 'silent', sweepIntervalMs: 0, overloadMaxEventLoopDelayMs: 0, insightIntervalMs: intervalMs }, {});
    const s = buildServices(db, clock, config);
    log('seeding the demo district');
    await seedDemo(s);
    const tz = config.timezone;
    const current = monthOf(clock.now(), tz);
    // the last M months including this one (up to now)
    const months = Array.from({ length: monthCount }, (_, i) => addMonths(current, i - monthCount + 1));
    const { rows: units } = await db.query<{ id: number; type: string }>('select id, type from units where type = any($1::text[])', [[...ASSESSED_TYPES]]);
    log(`generating ${orders} orders over ${months[0]}…${months[months.length - 1]}`);
    let t0 = performance.now();
    const g = await generateHistory(db, { months, orders, unitIds: units.map((u) => u.id), tz, policy: await s.policies.byTier(3), calendar: await s.calendar.current(), notAfter: clock.now(), eventsFor: () => false });
    const generateMs = Math.round(performance.now() - t0);
    t0 = performance.now();
    await s.insight.rebuild();
    const rebuildMs = Math.round(performance.now() - t0);
    await db.query('analyze');

    const leader = (await s.users.byUsername('leader'))!;
    const street = units.find((u) => u.type === 'street')!;
    const streetUser = (await s.users.byUsername(`handler.${(await db.query<{ code: string }>('select code from units where id = $1', [street.id])).rows[0].code}`))!;
    const summary: number[] = [];
    const streetSummary: number[] = [];
    for (let i = 0; i < runs; i++) {
      t0 = performance.now();
      await s.insight.summary(leader, {});
      summary.push(performance.now() - t0);
      t0 = performance.now();
      await s.insight.summary(streetUser, {});
      streetSummary.push(performance.now() - t0);
    }
    const windowOrders = (await db.query<{ n: number }>(`select count(*)::int as n from orders where created_at >= $1::timestamptz - interval '30 days'`, [clock.now()])).rows[0].n;
    log(`refreshing the hotspots (${windowOrders} orders in the 30-day window)`);
    const refresh = await refreshHotspots(db, clock.now());
    const hotspotRefreshMs = refresh.ms;

    // Join latency: the real runner, new orders like the top hotspot's, polled until they appear in it.
    const top = (await db.query<{ label: string; street: number }>(`select label, order_streets[1] as street from insight_hotspots where window_days = 7 and order_streets[1] > 0 order by score desc limit 1`)).rows[0];
    let joinP99Ms: number | null = null;
    let joined = 0;
    let joinPassP99Ms: number | null = null;
    let registerP99Ms: number | null = null;
    let registered = 0;
    if (top) {
      const geo = (await db.query<{ name: string; geojson: AreaGeometry }>('select name, geojson from units where id = $1', [top.street])).rows[0];
      const c = polygonCentroid(geo.geojson);
      const op = (await s.users.byUsername('operator'))!;
      const jobLog = { error: (o: object, m: string) => log(`${m} ${JSON.stringify(o)}`), info: () => undefined };
      const stop = startJobs(s.insight.jobEntries().slice(0, 1), clock, jobLog);
      // The server's join passes (server.ts), each timed; the orders' NOTIFY is the services' own (onChange).
      const passMs: number[] = [];
      const timed = { ...db, tx: <T>(fn: (q: Parameters<Parameters<Db['tx']>[0]>[0]) => Promise<T>) => { const t1 = performance.now(); return db.tx(fn).finally(() => passMs.push(performance.now() - t1)); } } as Db;
      const stopJoins = startJoinQueue(timed, clock, jobLog, { channel: ORDER_CHANNEL, pollMs: 2000 });
      const pending = new Map<number, number>();
      const latencies: number[] = [];
      const registerMs: number[] = [];
      const end = Date.now() + seconds * 1000;
      let nextAt = Date.now();
      while (Date.now() < end || (pending.size && Date.now() < end + 3 * intervalMs)) {
        if (Date.now() >= nextAt && Date.now() < end) {
          const t0r = performance.now();
          const o = await s.orders.create(op, { channel: 'phone', type: 'complaint', title: top.label, description: top.label, address: geo.name, location: { lat: c.lat, lng: c.lng }, requester: { name: '测试', phone: `1390000${String(registered).padStart(4, '0')}` } } as never);
          registered++;
          const t = performance.now();
          registerMs.push(t - t0r);
          pending.set(o.id, t);
          nextAt = Date.now() + 1000 + Math.random() * 2000;
        }
        if (pending.size) {
          const { rows } = await db.query<{ id: number }>(`select unnest(order_ids) as id from insight_hotspots where window_days = 7`);
          const have = new Set(rows.map((r) => r.id));
          for (const [id, at] of pending) if (have.has(id)) { latencies.push(performance.now() - at); pending.delete(id); }
        }
        await sleep(pending.size ? 5 : 100);
      }
      await stopJoins();
      await stop();
      joined = latencies.length;
      joinP99Ms = pct(latencies, 0.99);
      joinPassP99Ms = pct(passMs, 0.99);
      registerP99Ms = pct(registerMs, 0.99);
    }
    console.log(JSON.stringify({
      db: values.db, orders: g.orders, months: monthCount, windowOrders, generateMs, rebuildMs, summaryP95Ms: pct(summary, 0.95), streetSummaryP95Ms: pct(streetSummary, 0.95),
      hotspotRefreshMs, hotspots: refresh.windows, rssPeakMb: peakRssMb(), joinP99Ms, joinPassP99Ms, registerP99Ms, joinIntervalMs: intervalMs, joined, registered,
    }));
    return 0;
  } finally {
    await done();
  }
}
