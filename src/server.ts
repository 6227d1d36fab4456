// Opens the database, migrates, seeds demo data if asked, listens, runs the sweep, closes gracefully.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { Config } from './config';
import { migrateDb, openDb, type Db } from './db';
import { seedDemo } from './modules/org/seed-demo';
import { seedAssessmentHistory } from './modules/assessment/demo-history';
import { startSweeper } from './modules/sla/sweep';
import { configuredSender } from './modules/notify';
import { startJobs } from './jobs/runner';
import { searchBackfillJobEntry } from './modules/orders/search-backfill';
import { buildServices, ORDER_CHANNEL } from './services';
import { startJoinQueue } from './modules/insight/join-queue';
import { clockFor, type Clock } from './shared/clock';

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, clock: Clock = clockFor(config.clockStart)): Promise<RunningServer> {
  const db = await openDb(config);
  try {
    await migrateDb(config, db);
    const services = buildServices(db, clock, config);
    const logger = config.logLevel === 'silent' ? false : { level: config.logLevel };
    const app = await buildApp(services, { logger });
    let demoSeeded = false;
    if (config.demo) {
      const seeded = await seedDemo(services, { community: true });
      demoSeeded = seeded.created;
      if (seeded.created) app.log.warn(`Demo data loaded: ${seeded.units} units, ${seeded.users} demo users (password "${config.demoPassword}"), ${seeded.orders} orders.`);
      app.log.warn(`DEMO MODE: demo users exist with the password "${config.demoPassword}" (admin, operator, dispatcher, callback, supervisor, leader, handler.<unitCode>, head.<unitCode> (unit leaders), grid.<gridCode> (grid workers)). Do not use in production.`);
    }
    const stopSweep = startSweeper(db, clock, config.sweepIntervalMs, app.log, services.effects, async () => {
      await services.provisional.recompute();
      // The whistle report-by checks share the deadline sweep's period (late / missing reports, once each).
      await services.whistle.sweep();
    });
    // New orders join their hotspots in passes woken by the registrations' NOTIFY (and polled every 2 s).
    const stopJoins = startJoinQueue(db, clock, app.log, { channel: ORDER_CHANNEL, pollMs: 2000 });
    const stopJobs = startJobs([services.notify.jobEntry(configuredSender(config, app.log)), ...services.insight.jobEntries(), services.escalation.jobEntry(config.sweepIntervalMs), services.duty.jobEntry(config.sweepIntervalMs), searchBackfillJobEntry(db)], clock, app.log);
    // The category model trains in a worker thread; suggestions say modelReady=false until then.
    const stopModels = services.assist.models.start().catch((err) => {
      app.log.error({ err }, 'category model failed to train');
      return async () => undefined;
    });
    await services.assist.warmUp();
    const address = await app.listen({ port: config.port, host: config.host });
    // Months of assessment history for a fresh demo, written after the server is up (it takes a while on PGlite).
    if (demoSeeded) void seedAssessmentHistory(services).then((h) => app.log.warn(`Demo assessment history: ${h.orders} orders, published ${h.published.join(', ')}.`), (err) => app.log.error({ err }, 'demo assessment history failed'));
    let closing: Promise<void> | null = null;
    return {
      app,
      db,
      url: address.replace('0.0.0.0', '127.0.0.1'),
      close() {
        closing ??= (async () => {
          stopSweep();
          await stopJobs();
          await stopJoins();
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
