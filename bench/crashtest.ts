// `npm run crashtest -- [--db pglite|postgres] [--kills N] [--seed S] [--concurrency C]`
// A server under sustained concurrent order creation is kill -9'ed at random moments and restarted on the
// same data folder / database, N times. Every order acknowledged with 2xx is recorded with what was sent;
// afterwards the database is opened directly and every acknowledged order must be there, intact (title,
// description, requester, its `registered` event). Prints
// {"db","kills","acknowledged","found","lost","maxRestartMs", …}.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Db } from '../src/db';
import { openPglite } from '../src/db/pglite';
import { openPostgres } from '../src/db/postgres';
import { orderBody, rng, type OrderBody } from './lib/orders';
import { createDatabase, DEFAULT_PG_URL, killAll, login, sleep, startServerProcess, tempDataDir, type ServerProc } from './lib/server';

export interface CrashOptions {
  db: 'pglite' | 'postgres';
  kills: number;
  pgUrl?: string;
  seed?: number;
  concurrency?: number;
  /** Load time before each kill: uniformly random in [minLoadMs, maxLoadMs]. */
  minLoadMs?: number;
  maxLoadMs?: number;
  /** Load after the last restart, before the graceful stop. */
  finalLoadMs?: number;
  readyTimeoutMs?: number;
  log?: (m: string) => void;
}

export interface CrashResult {
  db: string;
  kills: number;
  acknowledged: number;
  found: number;
  lost: number;
  maxRestartMs: number;
  /** Acknowledged orders present but not equal to what was sent, or without their registered event. */
  damaged: number;
  /** PGlite: kills after which postgres' postmaster.pid was left behind (and the restart still worked). */
  stalePidFiles: number;
  seed: number;
  restartMs: number[];
}

interface Ack {
  id: number;
  body: OrderBody;
}

/** Drives order creation with `concurrency` workers until stopped or the server goes away. */
function load(server: ServerProc, cookie: string, acked: Map<string, Ack>, next: () => { n: number; body: OrderBody }, concurrency: number) {
  let stop = false;
  let failures = 0;
  const worker = async () => {
    while (!stop) {
      const { body } = next();
      let res: Response;
      try {
        res = await fetch(`${server.url}/api/v1/orders`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', 'x-minhu-request': '1' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
      } catch {
        // Connection refused/reset: the server was killed (or is dying). Not acknowledged.
        failures++;
        if (stop || server.exitStatus()) return;
        await sleep(20);
        continue;
      }
      let text: string;
      try {
        text = await res.text();
      } catch {
        failures++; // the body was cut off by the kill: not an acknowledgement
        continue;
      }
      if (res.status >= 200 && res.status < 300) {
        const o = JSON.parse(text) as { id: number; number: string };
        if (acked.has(o.number)) throw new Error(`order number ${o.number} acknowledged twice`);
        acked.set(o.number, { id: o.id, body });
      } else if (res.status !== 503) {
        throw new Error(`unexpected ${res.status}: ${text.slice(0, 300)}`);
      }
    }
  };
  const done = Promise.all(Array.from({ length: concurrency }, worker));
  return {
    done,
    failures: () => failures,
    async stop() {
      stop = true;
      await done;
    },
  };
}

async function verify(db: Db, acked: Map<string, Ack>): Promise<{ found: number; damaged: number; examples: string[] }> {
  const numbers = [...acked.keys()];
  let found = 0;
  let damaged = 0;
  const examples: string[] = [];
  for (let i = 0; i < numbers.length; i += 1000) {
    const { rows } = await db.query<{ number: string; title: string; description: string; requesterName: string | null; requesterPhone: string | null; registered: number }>(
      `select o.number, o.title, o.description, o.requester_name as "requesterName", o.requester_phone as "requesterPhone",
         (select count(*)::int from order_events e where e.order_id = o.id and e.type = 'registered') as registered
       from orders o where o.number = any($1::text[])`,
      [numbers.slice(i, i + 1000)],
    );
    for (const r of rows) {
      found++;
      const sent = acked.get(r.number)!.body;
      const ok = r.title === sent.title && r.description === sent.description && r.requesterName === sent.requester.name && r.requesterPhone === sent.requester.phone && r.registered === 1;
      if (!ok) {
        damaged++;
        if (examples.length < 5) examples.push(`${r.number}: ${JSON.stringify(r).slice(0, 200)}`);
      }
    }
  }
  return { found, damaged, examples };
}

export async function runCrashtest(o: CrashOptions): Promise<CrashResult> {
  const log = o.log ?? (() => undefined);
  const seed = o.seed ?? (Date.now() % 1_000_000);
  const random = rng(seed);
  const concurrency = o.concurrency ?? 8;
  const minLoad = o.minLoadMs ?? 300;
  const maxLoad = o.maxLoadMs ?? 2500;
  const dataDir = tempDataDir('minhu-crash-');
  const database = o.db === 'postgres' ? await createDatabase(o.pgUrl ?? DEFAULT_PG_URL, 'minhu_crash') : null;
  const acked = new Map<string, Ack>();
  let counter = 0;
  const next = () => {
    const n = counter++;
    return { n, body: orderBody(n, { seed, tag: `c${seed}` }) };
  };
  const restartMs: number[] = [];
  let stalePidFiles = 0;
  const start = () => startServerProcess({ dataDir, databaseUrl: database?.url ?? null, captureOutput: false, readyTimeoutMs: o.readyTimeoutMs ?? 120_000 });
  try {
    log(`[${o.db}] seed ${seed}: first start (${database ? `database ${database.name}` : dataDir})`);
    let server = await start();
    for (let round = 0; ; round++) {
      const cookie = await login(server.url, 'operator');
      const run = load(server, cookie, acked, next, concurrency);
      if (round === o.kills) {
        await Promise.race([sleep(o.finalLoadMs ?? 1000), run.done]);
        await run.stop();
        await server.stop(30_000);
        break;
      }
      const before = acked.size;
      // Fail fast if the load itself breaks (unexpected status), otherwise kill at a random moment.
      await Promise.race([sleep(minLoad + random() * (maxLoad - minLoad)), run.done]);
      await server.kill9();
      await run.stop();
      if (!database && fs.existsSync(path.join(dataDir, 'pgdata', 'postmaster.pid'))) stalePidFiles++;
      log(`[${o.db}] kill ${round + 1}/${o.kills}: ${acked.size - before} acknowledged in this round (${run.failures()} requests cut off); restarting`);
      server = await start();
      restartMs.push(server.readyMs);
      log(`[${o.db}]   restarted in ${server.readyMs} ms`);
    }
    const db = database ? await openPostgres(database.url, 2) : await openPglite(dataDir);
    try {
      const v = await verify(db, acked);
      if (v.examples.length) log(`[${o.db}] damaged orders:\n${v.examples.join('\n')}`);
      return {
        db: o.db,
        kills: o.kills,
        acknowledged: acked.size,
        found: v.found,
        lost: acked.size - v.found,
        maxRestartMs: restartMs.length ? Math.max(...restartMs) : 0,
        damaged: v.damaged,
        stalePidFiles,
        seed,
        restartMs,
      };
    } finally {
      await db.close();
    }
  } finally {
    await database?.drop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const USAGE = `usage: npm run crashtest -- [--db pglite|postgres] [--kills N] [--seed S] [--concurrency C] [--pg-url URL]`;

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({ options: { db: { type: 'string', default: 'pglite' }, kills: { type: 'string', default: '5' }, seed: { type: 'string' }, concurrency: { type: 'string', default: '8' }, 'pg-url': { type: 'string' } } }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const kills = Number(values.kills);
  const concurrency = Number(values.concurrency);
  if ((values.db !== 'pglite' && values.db !== 'postgres') || !Number.isInteger(kills) || kills < 0 || kills > 1000 || !Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    console.error(USAGE);
    process.exit(2);
  }
  runCrashtest({
    db: values.db,
    kills,
    concurrency,
    seed: values.seed ? Number(values.seed) : undefined,
    pgUrl: values['pg-url'] ?? process.env.MINHU_BENCH_DATABASE_URL ?? process.env.MINHU_TEST_DATABASE_URL ?? DEFAULT_PG_URL,
    log: (m) => console.error(m),
  }).then(
    (r) => {
      const { restartMs: _r, ...out } = r;
      console.log(JSON.stringify(out));
      killAll();
      process.exit(r.lost === 0 && r.damaged === 0 ? 0 : 1);
    },
    (e) => {
      console.error(e instanceof Error ? e.stack : e);
      killAll();
      process.exit(1);
    },
  );
}
