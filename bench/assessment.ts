// `npm run bench -- assessment [--orders N] [--db pglite|postgres] [--pg-url URL] [--units U] [--keep] [--reuse URL] [--skip-rebuild]`
// Generates N closed orders over 12 months straight into SQL (orders, events, facts), then measures the
// ranking (an aggregate over one month's facts), a unit's scorecard and a month's rebuild from the event log.
// --units U spreads the orders over the first U assessed units only (a smaller copy with a bigger city's orders per
// unit: 1,000,000 orders over 7 units is 10,000,000's density); --keep leaves the PostgreSQL database, --reuse URL
// measures a kept one again (migrated to this tree) without generating; --skip-rebuild leaves the rebuilds out.
// Prints one JSON line: {db, orders, generateMs, rankingP95Ms, scorecardP95Ms, rebuildMonthMs, rebuiltOrders, rebuildEmptyMonthMs
// (the same month after its facts were deleted: every fact written again), rebuiltEmptyOrders, dbBytes}.
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
import { ManualClock } from '../src/shared/clock';
import { generateHistory } from '../src/modules/assessment/history';
import { addMonths, monthOf } from '../src/modules/assessment/month';
import { ASSESSED_TYPES } from '../src/modules/assessment/rankings';
import { createDatabase, DEFAULT_PG_URL } from './lib/server';

const log = (m: string) => console.error(`[assessment] ${m}`);
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(0.95 * s.length))] * 100) / 100;
};

async function openFresh(kind: 'pglite' | 'postgres', pgUrl: string, keep: boolean, reuse: string | null): Promise<{ db: Db; done(): Promise<void> }> {
  if (reuse) {
    const db = await openPostgres(reuse, 4);
    return { db, done: () => db.close() };
  }
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-assess-bench-'));
    const db = await openPglite(dir);
    return { db, done: async () => { await db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
  }
  const d = await createDatabase(pgUrl, 'minhu_assess');
  const db = await openPostgres(d.url, 4);
  return { db, done: async () => { await db.close(); if (keep) log(`kept the database: ${d.url}`); else await d.drop(); } };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { orders: { type: 'string', default: '100000' }, db: { type: 'string', default: 'pglite' }, 'pg-url': { type: 'string' }, runs: { type: 'string', default: '40' }, units: { type: 'string' }, keep: { type: 'boolean', default: false }, reuse: { type: 'string' }, 'skip-rebuild': { type: 'boolean', default: false } } });
  const orders = Number(values.orders);
  const runs = Number(values.runs);
  const unitLimit = values.units === undefined ? null : Number(values.units);
  const reuse = values.reuse ?? null;
  if (!Number.isInteger(orders) || orders < 1 || (values.db !== 'pglite' && values.db !== 'postgres') || (unitLimit !== null && !(Number.isInteger(unitLimit) && unitLimit > 0)) || (reuse !== null && values.db !== 'postgres')) {
    console.error('usage: npm run bench -- assessment [--orders N] [--db pglite|postgres] [--pg-url URL] [--runs 40] [--units U] [--keep] [--reuse URL (postgres)] [--skip-rebuild]');
    return 2;
  }
  const pgUrl = values['pg-url'] ?? process.env.MINHU_BENCH_DATABASE_URL ?? process.env.MINHU_TEST_DATABASE_URL ?? DEFAULT_PG_URL;
  const { db, done } = await openFresh(values.db, pgUrl, values.keep, reuse);
  try {
    await migrate(db);
    const clock = new ManualClock('2026-11-20T10:00:00+08:00');
    const config = loadConfig({ dataDir: os.tmpdir(), demo: true, logLevel: 'silent', sweepIntervalMs: 0, overloadMaxEventLoopDelayMs: 0 }, {});
    const s = buildServices(db, clock, config);
    if (!reuse) {
      log('seeding the demo district');
      await seedDemo(s);
    }
    const tz = config.timezone;
    const current = monthOf(clock.now(), tz);
    const months = Array.from({ length: 12 }, (_, i) => addMonths(current, i - 12));
    const { rows: allUnits } = await db.query<{ id: number; type: string }>('select id, type from units where type = any($1::text[]) order by id', [[...ASSESSED_TYPES]]);
    const units = unitLimit === null ? allUnits : allUnits.slice(0, unitLimit);
    let t0 = performance.now();
    let g = { orders: 0 };
    if (reuse) {
      g = (await db.query<{ orders: number }>('select count(*)::int as orders from orders')).rows[0];
    } else {
      log(`generating ${orders} orders over ${months[0]}…${months[11]} for ${units.length} units`);
      g = await generateHistory(db, { months, orders, unitIds: units.map((u) => u.id), tz, policy: await s.policies.byTier(3), calendar: await s.calendar.current(), notAfter: clock.now(),
        // Full event logs for the month that is rebuilt; the other months need only orders and facts.
        eventsFor: (m) => m === months[11] });
      await db.query('analyze');
    }
    const generateMs = reuse ? null : Math.round(performance.now() - t0);
    const sup = (await s.users.byUsername('supervisor'))!;
    const month = months[11];
    // Scorecards of units that have orders in the month (all of them, unless --units left some empty).
    const { rows: scored } = await db.query<{ id: number }>('select distinct unit_id as id from assessment_counts where month = $1 order by 1', [month]);
    const ranking: number[] = [];
    const scorecard: number[] = [];
    for (let i = 0; i < runs; i++) {
      t0 = performance.now();
      await s.assessment.rankings(sup, months[i % 12], ASSESSED_TYPES[i % ASSESSED_TYPES.length]);
      ranking.push(performance.now() - t0);
      t0 = performance.now();
      await s.assessment.scorecard(sup, scored[(i * 7) % scored.length].id, month);
      scorecard.push(performance.now() - t0);
    }
    let rebuildMonthMs: number | null = null;
    let rebuildEmptyMonthMs: number | null = null;
    let rb = { orders: 0 };
    let rbEmpty = { orders: 0 };
    if (!values['skip-rebuild']) {
      log('rebuilding one month from the event log');
      t0 = performance.now();
      rb = await s.assessment.rebuild(month);
      rebuildMonthMs = Math.round(performance.now() - t0);
      // The worst case: the month's facts lost, every one written again from the event log.
      log('rebuilding it again with its facts deleted first');
      await db.query('delete from assessment_facts where month = $1', [month]);
      t0 = performance.now();
      rbEmpty = await s.assessment.rebuild(month);
      rebuildEmptyMonthMs = Math.round(performance.now() - t0);
    }
    const { rows: size } = await db.query<{ bytes: number }>('select pg_database_size(current_database()) as bytes').catch(() => ({ rows: [{ bytes: null }] }));
    console.log(JSON.stringify({ db: values.db, orders: g.orders, units: units.length, reused: reuse !== null, generateMs, rankingP95Ms: p95(ranking), scorecardP95Ms: p95(scorecard), rebuildMonthMs, rebuiltOrders: rb.orders, rebuildEmptyMonthMs, rebuiltEmptyOrders: rbEmpty.orders, dbBytes: size[0].bytes }));
    return 0;
  } finally {
    await done();
  }
}
