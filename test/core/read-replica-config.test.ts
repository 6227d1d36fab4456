// Read replicas' configuration and WAL positions (the routing itself is proven against a real standby in
// test/proof/read-replica.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config';
import { lsnValue } from '../../src/db/read-scope';

test('DATABASE_READ_URL: comma-separated replicas of a server PostgreSQL primary', () => {
  const c = loadConfig({}, { DATABASE_URL: 'postgres://app@primary/minhu', DATABASE_READ_URL: ' postgres://app@r1/minhu , postgresql://app@r2:6432/minhu,' });
  assert.deepEqual(c.databaseReadUrls, ['postgres://app@r1/minhu', 'postgresql://app@r2:6432/minhu']);
  assert.equal(c.readMaxLagMs, 10_000);
  assert.equal(loadConfig({}, { DATABASE_URL: 'postgres://app@primary/minhu', MINHU_READ_MAX_LAG_MS: '2500' }).readMaxLagMs, 2500);
  assert.deepEqual(loadConfig({}, {}).databaseReadUrls, []);
});

test('replicas without a server primary, or a replica that is not a postgres URL, are refused at start', () => {
  assert.throws(() => loadConfig({}, { DATABASE_READ_URL: 'postgres://app@r1/minhu' }), /DATABASE_READ_URL is set but DATABASE_URL is not/);
  assert.throws(() => loadConfig({}, { DATABASE_URL: 'postgres://app@primary/minhu', DATABASE_READ_URL: 'mysql://secret:pw@r1/minhu' }), (e: Error) => /is not a postgres:\/\/ URL/.test(e.message) && !e.message.includes('pw'));
  assert.throws(() => loadConfig({}, { DATABASE_URL: 'postgres://app@primary/minhu', MINHU_READ_MAX_LAG_MS: 'soon' }), /expected an integer/);
});

test('WAL positions compare as numbers, not as text', () => {
  assert.equal(lsnValue('0/0'), 0n);
  assert.equal(lsnValue('1/0'), 1n << 32n);
  assert.ok(lsnValue('0/A0000000')! > lsnValue('0/9FFFFFFF')!);
  assert.ok(lsnValue('10/0')! > lsnValue('F/FFFFFFFF')!, 'text order would say otherwise');
  for (const bad of ['', 'nonsense', '0/', '/1', '0/1/2', 'G/0', '123456789/0', null, undefined]) assert.equal(lsnValue(bad), null, String(bad));
});
