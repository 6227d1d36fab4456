// `npm run bench -- intake [--db pglite|postgres|both] [--seconds N] [--connections C] [--profile DIR]`
// Drives POST /api/v1/orders on a real server process with autocannon, then inserts the same rows with
// plain SQL over the same driver (the baseline: number allocation + the orders row + the `registered`
// event in one transaction, same concurrency), and prints one JSON line per database.
import fs from 'node:fs';
import autocannon from 'autocannon';
import { openPglite } from '../src/db/pglite';
import { openPostgres } from '../src/db/postgres';
import type { Db } from '../src/db';
import { localDate } from '../src/modules/sla';
import { orderBody, type OrderBody } from './lib/orders';
import os from 'node:os';
import { createDatabase, login, processCpuMs, startServerProcess, tempDataDir, type ServerProc } from './lib/server';

export interface IntakeOptions {
  db: 'pglite' | 'postgres';
  seconds: number;
  connections: number;
  pgUrl: string;
  /** Write a V8 CPU profile of the server process into this folder. */
  profileDir?: string | null;
  warmupSeconds?: number;
  /** Run the server from another checkout (to measure a proposed change). */
  root?: string;
  /** The server's LOG_LEVEL (default warn). */
  logLevel?: string;
  log?: (msg: string) => void;
}

export interface IntakeResult {
  db: string;
  seconds: number;
  ordersPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  baselinePerSec: number;
  ratio: number;
  /** Server process CPU (user+system) per acknowledged order — independent of other load on the box. */
  serverCpuMsPerOrder: number | null;
  /** Baseline CPU per order in the bench process (PGlite: includes the database itself). */
  baselineCpuMsPerOrder: number;
  /** 1-minute load average when the run ended (other processes on the box skew wall-clock figures). */
  loadAvg: number;
}

const TZ = 'Asia/Shanghai';
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** The bodies sent during a run, pre-serialised (varied; cycles after `count`). */
function bodies(count: number, categoryIds: number[]): { obj: OrderBody; json: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const obj = orderBody(i, { seed: 7, categoryIds });
    return { obj, json: JSON.stringify(obj) };
  });
}

async function drive(url: string, cookie: string, pool: { json: string }[], seconds: number, connections: number) {
  let i = 0;
  const result = await autocannon({
    url: `${url}/api/v1/orders`,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-minhu-request': '1' },
        setupRequest: (req) => ({ ...req, body: pool[i++ % pool.length].json }),
      },
    ],
  });
  return result;
}

/** The same work as an order without the API: number, orders row and registered event in one tx. */
async function baseline(db: Db, pool: { obj: OrderBody }[], seconds: number, concurrency: number, createdBy: number): Promise<{ perSec: number; cpuMsPerOrder: number }> {
  const day = localDate(new Date(), TZ).replaceAll('-', '');
  const seq = `order_seq_${day}`;
  await db.query(`create sequence if not exists ${seq}`);
  let i = 0;
  let done = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const b = pool[i++ % pool.length].obj;
      const now = new Date();
      const { rows } = await db.query<{ n: number }>(`select nextval('${seq}')::int as n`);
      const number = day + String(rows[0].n).padStart(6, '0');
      await db.tx(async (q) => {
        const r = await q.query<{ id: number }>(
          `insert into orders (number, channel, type, title, description, address, lat, lng, requester_name, requester_phone, requester_id_no,
             requester_company, confidential, category_id, tier, tags, jurisdiction_unit_id, status, created_by, created_at, updated_at)
           values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,'registered',$18,$19,$19) returning id`,
          [number, b.channel, b.type, b.title, b.description, b.address, b.location?.lat ?? null, b.location?.lng ?? null, b.requester.name, b.requester.phone, null,
            b.requester.company ?? null, b.confidential ?? false, b.categoryId ?? null, b.tier ?? 3, b.tags ?? [], null, createdBy, now],
        );
        await q.query('insert into order_events (order_id, type, actor_id, actor_unit_id, at, payload) values ($1, $2, $3, $4, $5, $6)', [
          r.rows[0].id, 'registered', createdBy, null, now, JSON.stringify({ channel: b.channel, type: b.type }),
        ]);
      });
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const c = process.cpuUsage(c0);
  return { perSec: done / ((performance.now() - t0) / 1000), cpuMsPerOrder: (c.user + c.system) / 1000 / done };
}

/**
 * Waits until a fresh demo server has finished its start-up work, which would otherwise share the 2 cores with the
 * run: the demo's months of assessment history (written after it listens), the category model (trained in a worker
 * thread), and the hotspots of that history (one refresh, so registrations join real hotspots as in service).
 */
async function settle(server: ServerProc, cookie: string, log: (m: string) => void, db: string): Promise<void> {
  const t0 = performance.now();
  await server.waitForOutput(/Demo assessment history|demo assessment history failed/, 600_000);
  for (;;) {
    const st = (await (await fetch(`${server.url}/api/v1/assist/status`, { headers: { cookie } })).json()) as { ready: boolean };
    if (st.ready) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const sup = await login(server.url, 'supervisor');
  const r = await fetch(`${server.url}/api/v1/insight/hotspots/refresh`, { method: 'POST', headers: { cookie: sup, 'x-minhu-request': '1' } });
  const body = (await r.json()) as Record<string, unknown>;
  if (!r.ok) throw new Error(`hotspot refresh: ${r.status} ${JSON.stringify(body)}`);
  log(`[${db}] settled in ${Math.round(performance.now() - t0)} ms (history written, model trained, hotspots ${JSON.stringify(body)})`);
}

export async function benchIntake(o: IntakeOptions): Promise<IntakeResult> {
  const log = o.log ?? (() => undefined);
  const dataDir = tempDataDir();
  const database = o.db === 'postgres' ? await createDatabase(o.pgUrl) : null;
  const nodeArgs = o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
  try {
    log(`[${o.db}] starting server (fresh ${database ? `database ${database.name}` : `data dir ${dataDir}`})`);
    // The periodic hotspot refresh is measured by `bench insight`; here it runs once, on demand, before the run (below).
    const server = await startServerProcess({
      dataDir, databaseUrl: database?.url ?? null, nodeArgs, root: o.root, logLevel: o.logLevel ?? 'warn', captureOutput: false, readyTimeoutMs: 180_000,
      env: { MINHU_INSIGHT_INTERVAL_MS: '600000' },
    });
    let api: autocannon.Result;
    let serverCpu: number | null = null;
    let ids: { operator: number };
    let pool: { obj: OrderBody; json: string }[];
    try {
      const cookie = await login(server.url, 'operator');
      await settle(server, cookie, log, o.db);
      const cat = (await (await fetch(`${server.url}/api/v1/catalog`, { headers: { cookie } })).json()) as { items: { id: number; level: number }[] };
      const leaves = cat.items.filter((c) => c.level === 3).map((c) => c.id);
      const me = (await (await fetch(`${server.url}/api/v1/me`, { headers: { cookie } })).json()) as { id: number };
      ids = { operator: me.id };
      pool = bodies(4000, leaves);
      const warm = o.warmupSeconds ?? Math.min(3, Math.max(1, Math.round(o.seconds / 10)));
      log(`[${o.db}] warm-up ${warm} s, then ${o.seconds} s with ${o.connections} connections`);
      await drive(server.url, cookie, pool, warm, o.connections);
      const cpu0 = processCpuMs(server.pid);
      api = await drive(server.url, cookie, pool, o.seconds, o.connections);
      const cpu1 = processCpuMs(server.pid);
      const died = server.exitStatus();
      if (died) throw new Error(`the server died during the run (${JSON.stringify(died)}):\n${server.output().slice(-4000)}`);
      if (api.non2xx || api.errors) log(`[${o.db}] non-2xx/errors: ${JSON.stringify({ status: api.statusCodeStats, errors: api.errors, timeouts: api.timeouts })}`);
      serverCpu = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null;
    } finally {
      await server.stop(30_000);
    }
    const out = server.output().trim();
    if (out) log(`[${o.db}] server output:\n${out.slice(-2000)}`);
    // Baseline over the same driver, on the same data (the server is stopped, so PGlite can reopen the folder).
    const db = database ? await openPostgres(database.url, 10) : await openPglite(dataDir);
    let base: { perSec: number; cpuMsPerOrder: number };
    try {
      log(`[${o.db}] baseline: plain SQL for ${o.seconds} s with ${o.connections} concurrent workers`);
      base = await baseline(db, pool, o.seconds, o.connections, ids.operator);
    } finally {
      await db.close();
    }
    const ordersPerSec = api['2xx'] / api.duration;
    return {
      db: o.db,
      seconds: o.seconds,
      ordersPerSec: round(ordersPerSec),
      p50Ms: round(api.latency.p50, 2),
      p99Ms: round(api.latency.p99, 2),
      errors: api.errors + api.timeouts + api.non2xx,
      baselinePerSec: round(base.perSec),
      ratio: round(ordersPerSec / base.perSec, 3),
      serverCpuMsPerOrder: serverCpu === null || !api['2xx'] ? null : round(serverCpu / api['2xx'], 2),
      baselineCpuMsPerOrder: round(base.cpuMsPerOrder, 2),
      loadAvg: round(os.loadavg()[0], 2),
    };
  } finally {
    await database?.drop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
