// `npm run bench -- assist [--db pglite|postgres|both] [--orders 100000] [--requests 1000] [--keep] [--reuse URL|DIR]`
// --keep leaves the database (PostgreSQL) or data folder (PGlite) and says where; --reuse measures such a one again
// (latency only: its orders were inserted by the run that kept it), e.g. once the machine is quiet.
// Prints one JSON line per database: assist latency with N orders in the database, training time on
// 10,000 orders, and duplicate precision/recall on a generated set where the truth is known.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { migrate, type Db } from '../src/db';
import { openPglite } from '../src/db/pglite';
import { openPostgres } from '../src/db/postgres';
import { seedDemo } from '../src/modules/org/seed-demo';
import { buildServices, type Services } from '../src/services';
import { systemClock } from '../src/shared/clock';
import { CategoryModel } from '../src/modules/assist/classifier/model';
import type { Unit } from '../src/modules/org/org.repo';
import { createDatabase, DEFAULT_PG_URL } from './lib/server';
import { PROBLEMS, report, rng, type GenOrder } from './assist/corpus';

const log = (m: string) => console.error(`[assist] ${m}`);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 100) / 100;
};

async function openFresh(kind: 'pglite' | 'postgres', pgUrl: string, keep: boolean, reuse: string | null): Promise<{ db: Db; done(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-assist-'));
    const db = await openPglite(dir);
    return { db, done: async () => { await db.close(); if (keep || reuse) log(`kept the data folder: ${dir}`); else fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  const d = reuse ? { url: reuse, drop: async () => undefined } : await createDatabase(pgUrl, 'minhu_assist');
  const db = await openPostgres(d.url, 8);
  return { db, done: async () => { await db.close(); if (keep || reuse) log(`kept the database: ${d.url}`); else await d.drop(); } };
}

async function setup(db: Db, seed = true): Promise<{ s: Services; leafIds: number[]; communities: { c: Unit; street: Unit }[] }> {
  await migrate(db);
  const config = loadConfig({ dataDir: os.tmpdir(), demo: true, logLevel: 'silent', sweepIntervalMs: 0, overloadMaxEventLoopDelayMs: 0 }, {});
  const s = buildServices(db, systemClock, config);
  if (seed) await seedDemo(s);
  const leaves = (await s.catalog.list()).items.filter((c) => c.level === 3);
  const leafIds = PROBLEMS.map((p) => leaves.find((l) => l.name === p.leaf)!.id);
  const units = await s.org.all();
  const byId = new Map(units.map((u) => [u.id, u]));
  const communities = units.filter((u) => u.type === 'community' && u.geojson).map((c) => ({ c, street: byId.get(c.parentId!)! }));
  return { s, leafIds, communities };
}

/** Bulk-inserts generated orders (and, for dispatched ones, the labelled example a dispatch leaves). */
async function insertOrders(db: Db, rows: (GenOrder & { status: string; createdAt: Date; categoryId: number })[], startNo: number) {
  for (let i = 0; i < rows.length; i += 1000) {
    const b = rows.slice(i, i + 1000);
    await db.query(
      `insert into orders (number, channel, type, title, description, address, lat, lng, category_id, jurisdiction_unit_id, main_unit_id, status, created_at, updated_at, requester_name, requester_phone)
       select n, 'phone', 'complaint', t, d, a, la, ln, c, j, j, st, ca, ca, '市民', '13800000000'
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::int[], $8::int[], $9::text[], $10::timestamptz[]) as x(n, t, d, a, la, ln, c, j, st, ca)`,
      [b.map((_, k) => `B${String(startNo + i + k).padStart(12, '0')}`), b.map((r) => r.title), b.map((r) => r.description), b.map((r) => r.address), b.map((r) => r.lat), b.map((r) => r.lng), b.map((r) => r.categoryId), b.map((r) => r.streetId), b.map((r) => r.status), b.map((r) => r.createdAt)],
    );
  }
}

async function latency(s: Services, communities: { c: Unit; street: Unit }[], requests: number) {
  const app = await buildApp(s, { logger: false, serveWeb: false });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const login = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-minhu-request': '1' }, body: JSON.stringify({ username: 'operator', password: s.config.demoPassword }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const r = rng(7);
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < requests + 50; i++) {
    const { c, street } = communities[Math.floor(r() * communities.length)];
    const o = report(r, Math.floor(r() * PROBLEMS.length), c, street);
    const body = JSON.stringify({ title: o.title, description: o.description, address: o.address, ...(i % 2 ? { location: { lat: o.lat, lng: o.lng } } : {}) });
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/assist`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-minhu-request': '1', cookie }, body });
    await res.arrayBuffer();
    if (res.status !== 200) errors++;
    if (i >= 50) times.push(performance.now() - t0); // the first 50 warm up caches and JIT
  }
  await app.close();
  return { p50Ms: pct(times, 50), p99Ms: pct(times, 99), errors };
}

function trainingTime(n: number) {
  const r = rng(11);
  const ex = Array.from({ length: n }, () => {
    const p = Math.floor(r() * PROBLEMS.length);
    const pr = PROBLEMS[p];
    return { title: pr.titles[Math.floor(r() * pr.titles.length)], detail: pr.details[Math.floor(r() * pr.details.length)], label: pr.leaf };
  });
  const t0 = performance.now();
  CategoryModel.train(ex);
  return Math.round(performance.now() - t0);
}

/**
 * Precision/recall of the top duplicate suggestion through the real assist path (the model's
 * category, the located jurisdiction), on a generated set where the truth is known: 300 open
 * orders, each with a distractor at the same spot about another problem; 400 new reports, three in
 * four rewording an open one near the same spot, one in four a fresh problem somewhere.
 */
async function duplicateQuality(s: Services, leafIds: number[], communities: { c: Unit; street: Unit }[]) {
  const r = rng(23);
  const now = new Date();
  const bases: GenOrder[] = [];
  const rows: (GenOrder & { status: string; createdAt: Date; categoryId: number })[] = [];
  for (let i = 0; i < 300; i++) {
    const { c, street } = communities[Math.floor(r() * communities.length)];
    const p = Math.floor(r() * PROBLEMS.length);
    const o = report(r, p, c, street);
    bases.push(o);
    rows.push({ ...o, status: 'accepted', createdAt: new Date(now.getTime() - 86400_000 * (1 + r() * 10)), categoryId: leafIds[p] });
    const other = (p + 1 + Math.floor(r() * (PROBLEMS.length - 1))) % PROBLEMS.length;
    rows.push({ ...report(r, other, c, street, o), status: 'accepted', createdAt: new Date(now.getTime() - 86400_000 * 3), categoryId: leafIds[other] });
  }
  await insertOrders(s.db, rows, 9_000_000);
  const { rows: ids } = await s.db.query<{ id: number }>(`select id from orders where number like 'B0000090%' order by number`);
  const baseIds = ids.filter((_, k) => k % 2 === 0).map((x) => x.id);
  let tp = 0, fp = 0, withTruth = 0;
  for (let i = 0; i < 400; i++) {
    const isDup = i % 4 !== 3;
    const k = Math.floor(r() * bases.length);
    const base = bases[k];
    const home = communities.find((x) => x.street.id === base.streetId)!;
    const fresh = communities[Math.floor(r() * communities.length)];
    const q = isDup ? report(r, base.problem, home.c, home.street, base) : report(r, Math.floor(r() * PROBLEMS.length), fresh.c, fresh.street);
    const truth = isDup ? baseIds[k] : null;
    if (truth) withTruth++;
    const top = (await s.assist.suggest({ title: q.title, description: q.description, address: q.address, location: { lat: q.lat, lng: q.lng } }, { duplicates: true })).duplicates[0];
    if (top && truth && top.id === truth) tp++;
    else if (top) fp++;
  }
  return { queries: 400, withTruth, suggested: tp + fp, precision: Math.round((tp / Math.max(1, tp + fp)) * 1000) / 1000, recall: Math.round((tp / Math.max(1, withTruth)) * 1000) / 1000 };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string', default: 'both' }, orders: { type: 'string', default: '100000' }, requests: { type: 'string', default: '1000' }, 'pg-url': { type: 'string', default: DEFAULT_PG_URL }, keep: { type: 'boolean', default: false }, reuse: { type: 'string' } } });
  const reuse = values.reuse ?? null;
  if (reuse && values.db === 'both') {
    console.error('--reuse names one database: give --db pglite (a data folder) or --db postgres (a URL)');
    return 2;
  }
  const kinds = values.db === 'both' ? (['pglite', 'postgres'] as const) : [values.db as 'pglite' | 'postgres'];
  const n = Number(values.orders);
  const trainMs10k = trainingTime(10_000);
  log(`training on 10,000 orders: ${trainMs10k} ms`);
  for (const kind of kinds) {
    const { db, done } = await openFresh(kind, values['pg-url']!, values.keep, reuse);
    try {
      const { s, leafIds, communities } = await setup(db, !reuse);
      await s.assist.models.retrain();
      let dq: Awaited<ReturnType<typeof duplicateQuality>> | null = null;
      if (!reuse) {
        dq = await duplicateQuality(s, leafIds, communities);
        log(`${kind}: duplicates ${JSON.stringify(dq)}; inserting ${n} orders…`);
        const r = rng(5);
        const now = Date.now();
        const gen = Array.from({ length: n }, () => {
          const { c, street } = communities[Math.floor(r() * communities.length)];
          const p = Math.floor(r() * PROBLEMS.length);
          return { ...report(r, p, c, street), status: r() < 0.7 ? 'closed' : 'accepted', createdAt: new Date(now - r() * 60 * 86400_000), categoryId: leafIds[p] };
        });
        await insertOrders(db, gen, 0);
        await db.query(`insert into assist_examples (order_id, title, detail, label, source) select id, title, description, category_id::text, 'dispatch' from orders where number like 'B%' order by id desc limit 10000`);
      }
      const orders = (await db.query<{ n: number }>(`select count(*)::int as n from orders where number like 'B%'`)).rows[0].n;
      const t0 = performance.now();
      await s.assist.models.retrain();
      const retrainMs = Math.round(performance.now() - t0);
      const lat = await latency(s, communities, Number(values.requests));
      console.log(JSON.stringify({ bench: 'assist', db: kind, orders, reused: reuse !== null, requests: Number(values.requests), ...lat, trainMs10k, retrainFromDbMs: retrainMs, duplicates: dq, loadAvg: Math.round(os.loadavg()[0] * 100) / 100 }));
    } finally {
      await done();
    }
  }
  return 0;
}
