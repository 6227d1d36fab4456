// Opens the database, migrates, seeds demo data if asked, listens, runs the sweep, closes gracefully.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { Config } from './config';
import { migrate, openDb, type Db } from './db';
import { seedDemo } from './modules/org/seed-demo';
import { startSweeper } from './modules/sla/sweep';
import { buildServices } from './services';
import { systemClock, type Clock } from './shared/clock';

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, clock: Clock = systemClock): Promise<RunningServer> {
  const db = await openDb(config);
  try {
    await migrate(db);
    const services = buildServices(db, clock, config);
    const logger = config.logLevel === 'silent' ? false : { level: config.logLevel, redact: ['req.headers.cookie', 'req.body.password', 'body.password'] };
    const app = await buildApp(services, { logger });
    if (config.demo) {
      const seeded = await seedDemo(services);
      if (seeded.created) app.log.warn(`Demo data loaded: ${seeded.units} units, ${seeded.users} demo users (password "${config.demoPassword}"), ${seeded.orders} orders.`);
      app.log.warn(`DEMO MODE: demo users exist with the password "${config.demoPassword}" (admin, operator, dispatcher, callback, supervisor, leader, handler.<unitCode>). Do not use in production.`);
    }
    const stopSweep = startSweeper(db, clock, config.sweepIntervalMs, app.log);
    // The category model trains in a worker thread; suggestions say modelReady=false until then.
    const stopModels = services.assist.models.start().catch((err) => {
      app.log.error({ err }, 'category model failed to train');
      return async () => undefined;
    });
    await services.assist.warmUp();
    const address = await app.listen({ port: config.port, host: config.host });
    let closing: Promise<void> | null = null;
    return {
      app,
      db,
      url: address.replace('0.0.0.0', '127.0.0.1'),
      close() {
        closing ??= (async () => {
          stopSweep();
          await (await stopModels)();
          await app.close();
          await db.close();
        })();
        return closing;
      },
    };
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}
