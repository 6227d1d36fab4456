// `minhu <command>`: serve, migrate, seed --demo, import-catalog FILE, user add …, model …
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from './config';
import { migrateDb, openDb } from './db';
import { startServer } from './server';
import { buildServices } from './services';
import { clockFor } from './shared/clock';
import { AppError } from './shared/errors';
import { seedDemo } from './modules/org/seed-demo';
import { hashPassword } from './modules/users/password';
import { ROLES, type Role } from './modules/users/roles';

const USAGE = `usage: minhu <command>
  serve                         start the server (PORT, MINHU_DATA_DIR, DATABASE_URL, MINHU_DEMO …)
  migrate                       apply database migrations
  seed --demo                   load the demo district, catalog, users and orders
  import-catalog FILE           import a catalog CSV (level1,level2,level3[,tier,handler,keywords])
  user add --username U --password P --role R --unit CODE [--name N]
  assessment rebuild [--month YYYY-MM]   rebuild the assessment facts from the event log (one month, or all)
  insight rebuild               rebuild the dashboards' daily rollups from the orders
  model train --data FILE.jsonl | model evaluate --train A.jsonl --test B.jsonl | --data F --folds 5`;

async function withServices<T>(fn: (s: ReturnType<typeof buildServices>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDb(config);
  try {
    await migrateDb(config, db);
    return await fn(buildServices(db, clockFor(config.clockStart), config));
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'serve': {
      const server = await startServer(loadConfig());
      const stop = async (sig: string) => {
        server.app.log.info(`${sig}: closing`);
        await server.close();
        process.exit(0);
      };
      process.once('SIGTERM', () => void stop('SIGTERM'));
      process.once('SIGINT', () => void stop('SIGINT'));
      return -1; // keep running
    }
    case 'migrate': {
      const config = loadConfig();
      const db = await openDb(config);
      try {
        const applied = await migrateDb(config, db);
        console.log(JSON.stringify({ applied }));
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'seed': {
      if (!rest.includes('--demo')) throw new Error('seed needs --demo');
      const r = await withServices((s) => seedDemo(s, { history: true, community: true }));
      console.log(JSON.stringify(r));
      return 0;
    }
    case 'import-catalog': {
      const file = rest[0];
      if (!file) throw new Error('import-catalog needs a FILE');
      const text = fs.readFileSync(file, 'utf8');
      const r = await withServices((s) => s.catalog.importCsv(text, null));
      console.log(JSON.stringify(r));
      return 0;
    }
    case 'user': {
      const { values } = parseArgs({ args: rest.slice(1), options: { username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' } } });
      if (rest[0] !== 'add' || !values.username || !values.password || !values.role || !values.unit) throw new Error('usage: user add --username U --password P --role R --unit CODE [--name N]');
      if (!ROLES.includes(values.role as Role)) throw new Error(`role must be one of ${ROLES.join(', ')}`);
      if (values.password.length < 8) throw new Error('the password needs at least 8 characters');
      const id = await withServices(async (s) => {
        const unit = await s.org.byCode(values.unit!);
        if (!unit) throw new Error(`no unit with code ${values.unit}`);
        return s.users.insert({ username: values.username!, displayName: values.name ?? values.username!, passwordHash: await hashPassword(values.password!), role: values.role as Role, unitId: unit.id, isDemo: false });
      });
      if (!id) throw new Error(`the username ${values.username} is already taken`);
      console.log(JSON.stringify({ id, username: values.username }));
      return 0;
    }
    case 'assessment': {
      const { values } = parseArgs({ args: rest.slice(1), options: { month: { type: 'string' } } });
      if (rest[0] !== 'rebuild') throw new Error('usage: assessment rebuild [--month YYYY-MM]');
      const r = await withServices((s) => s.assessment.rebuild(values.month ?? null));
      console.log(JSON.stringify({ month: values.month ?? null, ...r }));
      return 0;
    }
    case 'insight': {
      if (rest[0] !== 'rebuild') throw new Error('usage: insight rebuild');
      console.log(JSON.stringify(await withServices((s) => s.insight.rebuild())));
      return 0;
    }
    case 'model': {
      const { runModelCli } = await import('./modules/assist/classifier/cli');
      return runModelCli(rest);
    }
    default:
      console.error(USAGE);
      return cmd ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    console.error(err instanceof AppError ? `${err.code}: ${err.message}` : `error: ${(err as Error).message}`);
    process.exit(1);
  },
);
