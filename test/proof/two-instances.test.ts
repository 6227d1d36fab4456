// Two server processes on one PostgreSQL database (the proof itself is in two-instances.run.ts).
// Needs MINHU_TEST_DATABASE_URL (skipped otherwise).
import { test } from 'node:test';
import { testDatabaseUrl } from '../../src/config';
import { createTestDatabase } from '../helpers/db';
import { runTwoInstances } from './two-instances.run';

const ORDERS = Number(process.env.MINHU_TWO_INSTANCE_ORDERS ?? 1200);
const skip = testDatabaseUrl() ? false : 'set MINHU_TEST_DATABASE_URL to run two server processes on one PostgreSQL database';

test('two instances on one PostgreSQL: the sweep records each alert once; racing dispatches: one wins; live updates cross instances', { skip, timeout: 600_000 }, async (tc) => {
  const database = (await createTestDatabase({ empty: true }))!; // the servers (or the test) migrate it
  try {
    await runTwoInstances(tc, { directUrl: database.url, orders: ORDERS });
  } finally {
    await database.drop();
  }
});
