// `npm run bench -- <subcommand> …` — performance measurements of Minhu. Each subcommand prints one
// JSON line per result on stdout (progress goes to stderr).
import { parseArgs } from 'node:util';
import { benchIntake } from './intake';
import { DEFAULT_PG_URL, killAll } from './lib/server';

const USAGE = `usage: npm run bench -- <subcommand> [options]
  intake [--db pglite|postgres|both] [--seconds N] [--connections C] [--pg-url URL] [--profile DIR]
      POST /api/v1/orders on a real server process (autocannon), then a plain-SQL baseline of the same work;
      prints {"db","seconds","ordersPerSec","p50Ms","p99Ms","errors","baselinePerSec","ratio"} per database.
      --pg-url: the PostgreSQL server to create the scratch database on (default $MINHU_BENCH_DATABASE_URL,
      $MINHU_TEST_DATABASE_URL or ${DEFAULT_PG_URL}); --profile DIR writes the server's V8 CPU profile there;
      --root DIR runs the server from another checkout (to measure a proposed change); --log-level L sets
      the server's LOG_LEVEL (default warn).
  assessment [--orders N] [--db pglite|postgres]   ranking, scorecard and month-rebuild times over N generated orders
      --units U: only the first U assessed units (a bigger city's orders per unit); --keep / --reuse URL: keep the
      PostgreSQL database, measure a kept one again; --skip-rebuild: ranking and scorecards only
  insight [--orders N] [--db pglite|postgres] [--seconds S] [--interval-ms I]   dashboard summary, hotspot refresh and join latency
  scale [--orders N] [--db pglite|postgres] [--seconds S] [--connections C]   a megacity's year: lists, search, detail,
      the deadline sweep, intake, size and memory over N generated orders
  assist        (smart-intake benchmark; added by the assist module)
  classifier    (category model benchmark; added by the assist module)
  kb            (knowledge-base search on real replies: recall@1/@3, MRR)
  address [--n 2000] [--seed 7]   address standardisation on generated addresses: street/community precision, recall
  effort [--calls 8]   operator inputs and seconds per typical call at intake, in a real browser`;

/** Subcommands contributed by other modules: `bench/<name>.ts` exporting `main(argv): Promise<number>`. */
const EXTERNAL = ['scale', 'assist', 'classifier', 'kb', 'assessment', 'address', 'effort', 'insight'];

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'intake': {
      const { values } = parseArgs({
        args: rest,
        options: { db: { type: 'string', default: 'both' }, seconds: { type: 'string', default: '30' }, connections: { type: 'string', default: '16' }, 'pg-url': { type: 'string' }, profile: { type: 'string' }, root: { type: 'string' }, 'log-level': { type: 'string' } },
      });
      const dbs: ('pglite' | 'postgres')[] | null = values.db === 'both' ? ['pglite', 'postgres'] : values.db === 'pglite' || values.db === 'postgres' ? [values.db] : null;
      const seconds = Number(values.seconds);
      const connections = Number(values.connections);
      if (!dbs || !Number.isInteger(seconds) || seconds < 1 || seconds > 3600 || !Number.isInteger(connections) || connections < 1 || connections > 1000) {
        console.error(USAGE);
        return 2;
      }
      const pgUrl = values['pg-url'] ?? process.env.MINHU_BENCH_DATABASE_URL ?? process.env.MINHU_TEST_DATABASE_URL ?? DEFAULT_PG_URL;
      for (const db of dbs) {
        const r = await benchIntake({ db, seconds, connections, pgUrl, profileDir: values.profile ?? null, root: values.root, logLevel: values['log-level'], log: (m) => console.error(m) });
        console.log(JSON.stringify(r));
      }
      return 0;
    }
    default: {
      if (cmd && EXTERNAL.includes(cmd)) {
        let mod: { main?: (argv: string[]) => Promise<number> } | null = null;
        try {
          mod = await import(`./${cmd}.ts`);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw e;
        }
        if (mod?.main) return mod.main(rest);
      }
      console.error(cmd && !['-h', '--help', 'help'].includes(cmd) ? `unknown subcommand "${cmd}"\n${USAGE}` : USAGE);
      return cmd && !['-h', '--help', 'help'].includes(cmd) ? 2 : 0;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    killAll();
    process.exit(code);
  },
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    killAll();
    process.exit(1);
  },
);
