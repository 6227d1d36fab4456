// The failed sign-in policy (src/modules/users/throttle.ts): waits grow per (username, address) pair —
// 1 s, 2 s, 4 s … capped at 15 min — and per address with a looser budget; the right password from another
// address always works; 429 carries Retry-After; the client address is read through trusted proxies only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/app';
import { loadConfig, parseTrustedProxies } from '../../src/config';
import { delayAfter, THROTTLE } from '../../src/modules/users/throttle';
import { expectProblem } from './_support';

let t: TestApp;
let proxied: TestApp;
before(async () => {
  t = await createTestApp({ start: '2026-05-04T09:00:00+08:00' });
  proxied = await createTestApp({ start: '2026-05-04T09:00:00+08:00', config: { trustedProxies: ['10.9.0.1', '10.8.0.0/16'] } });
});
after(async () => {
  await t?.close();
  await proxied?.close();
});

const signIn = (app: TestApp, username: string, password: string, ip: string, headers: Record<string, string> = {}) =>
  app.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password }, remoteAddress: ip, headers: { 'x-minhu-request': '1', ...headers } });

test('the waits double from 1 s after the 5th failure of a pair and stop growing at 15 minutes', () => {
  assert.deepEqual([1, 4, 5, 6, 7, 8].map((n) => delayAfter(n, THROTTLE.pairBudget)), [0, 0, 1000, 2000, 4000, 8000]);
  assert.equal(delayAfter(14, 5), 512_000);
  assert.equal(delayAfter(15, 5), 900_000);
  assert.equal(delayAfter(500, 5), 15 * 60_000);
});

test('a pair waits 1, 2, 4 … s (Retry-After and the message say so), capped at 900 s; the owner elsewhere is never locked out', async () => {
  const ip = '198.51.100.7';
  for (let i = 1; i <= 5; i++) expectProblem(await signIn(t, 'operator', `wrong-${i}`, ip), 401, 'invalid_credentials');
  const waits: number[] = [];
  for (let i = 0; i < 13; i++) {
    const r = await signIn(t, 'operator', DEMO_PASSWORD, ip);
    const body = expectProblem(r, 429, 'too_many_attempts');
    const s = Number(r.headers['retry-after']);
    assert.equal(body.retryAfter, s);
    assert.match(body.detail, /try again in \d+ (second|minute)s?/);
    waits.push(s);
    // While it waits, the owner signs in from their own address — every time.
    assert.equal((await signIn(t, 'operator', DEMO_PASSWORD, '198.51.100.8')).statusCode, 200);
    t.clock.advance(s * 1000);
    expectProblem(await signIn(t, 'operator', 'still-wrong', ip), 401, 'invalid_credentials');
  }
  assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
  const last = await signIn(t, 'operator', DEMO_PASSWORD, ip);
  assert.equal(last.headers['retry-after'], '900');
  assert.match(last.json().detail, /15 minutes/);
  // Half-way through the wait: still 429 with what is left; after it the right password works and clears the pair.
  t.clock.advance(450_000);
  assert.equal((await signIn(t, 'operator', DEMO_PASSWORD, ip)).headers['retry-after'], '450');
  t.clock.advance(450_000);
  assert.equal((await signIn(t, 'operator', DEMO_PASSWORD, ip)).statusCode, 200);
  expectProblem(await signIn(t, 'operator', 'wrong-again', ip), 401, 'invalid_credentials');
  const { rows } = await t.s.db.query<{ failures: number }>(`select failures from login_throttle where key = 'p:operator|198.51.100.7'`);
  assert.deepEqual(rows, [{ failures: 1 }], 'a success clears the pair');
});

test('an address gets a looser budget over all usernames; other addresses are unaffected; a day later it is forgotten', async () => {
  const ip = '198.51.100.20';
  for (let i = 0; i < THROTTLE.addressBudget; i++) {
    // Spread over usernames so that no pair reaches its own budget.
    expectProblem(await signIn(t, `guess.${i % 10}`, `pw-${i}`, ip), 401, 'invalid_credentials');
  }
  const r = await signIn(t, 'dispatcher', DEMO_PASSWORD, ip);
  expectProblem(r, 429, 'too_many_attempts');
  assert.equal(r.headers['retry-after'], '1');
  assert.equal((await signIn(t, 'dispatcher', DEMO_PASSWORD, '198.51.100.21')).statusCode, 200);
  t.clock.advance(THROTTLE.forgetAfterMs + 1000);
  assert.equal((await signIn(t, 'dispatcher', DEMO_PASSWORD, ip)).statusCode, 200);
  expectProblem(await signIn(t, 'guess.0', 'x', ip), 401, 'invalid_credentials');
  const { rows } = await t.s.db.query<{ key: string; failures: number }>(`select key, failures from login_throttle where key like '%198.51.100.20' order by key`);
  assert.deepEqual(rows, [{ key: 'a:198.51.100.20', failures: 1 }, { key: 'p:guess.0|198.51.100.20', failures: 1 }], 'old counters are gone');
});

test('X-Forwarded-For is ignored unless the request comes from a trusted proxy', async () => {
  // Not trusted: a client cannot escape its counter by inventing addresses.
  for (let i = 1; i <= 5; i++) expectProblem(await signIn(t, 'leader', 'wrong', '198.51.100.30', { 'x-forwarded-for': `203.0.113.${i}` }), 401, 'invalid_credentials');
  expectProblem(await signIn(t, 'leader', DEMO_PASSWORD, '198.51.100.30', { 'x-forwarded-for': '203.0.113.99' }), 429, 'too_many_attempts');

  // Behind a trusted proxy every client has its own counter (before, all users shared the proxy's).
  for (const proxy of ['10.9.0.1', '10.8.3.4']) {
    for (let i = 1; i <= 5; i++) expectProblem(await signIn(proxied, 'leader', 'wrong', proxy, { 'x-forwarded-for': '203.0.113.5' }), 401, 'invalid_credentials');
    expectProblem(await signIn(proxied, 'leader', DEMO_PASSWORD, proxy, { 'x-forwarded-for': '203.0.113.5' }), 429, 'too_many_attempts');
    assert.equal((await signIn(proxied, 'leader', DEMO_PASSWORD, proxy, { 'x-forwarded-for': '203.0.113.6' })).statusCode, 200);
    proxied.clock.advance(1000);
    assert.equal((await signIn(proxied, 'leader', DEMO_PASSWORD, proxy, { 'x-forwarded-for': '203.0.113.5' })).statusCode, 200);
  }
  // An untrusted peer's header is ignored there as well.
  for (let i = 1; i <= 5; i++) expectProblem(await signIn(proxied, 'leader', 'wrong', '10.7.0.1', { 'x-forwarded-for': `203.0.113.${i}` }), 401, 'invalid_credentials');
  expectProblem(await signIn(proxied, 'leader', DEMO_PASSWORD, '10.7.0.1', { 'x-forwarded-for': '203.0.113.50' }), 429, 'too_many_attempts');
});

test('MINHU_TRUSTED_PROXIES: comma-separated IPs and CIDRs, default none, nonsense refused at boot', () => {
  assert.deepEqual(loadConfig({}, {}).trustedProxies, []);
  assert.deepEqual(loadConfig({}, { MINHU_TRUSTED_PROXIES: '10.0.0.1, 10.1.0.0/16,::1 , fd00::/8' }).trustedProxies, ['10.0.0.1', '10.1.0.0/16', '::1', 'fd00::/8']);
  for (const bad of ['proxy.local', '10.0.0.1/33', '10.0.0/8', '1.2.3.4/8/9', '::1/129']) assert.throws(() => parseTrustedProxies(bad), /MINHU_TRUSTED_PROXIES/, bad);
});
