// Overload: when the event loop lags beyond MINHU_OVERLOAD_DELAY_MS the API answers 503 + Retry-After with
// problem+json code `overloaded` (docs stay reachable), and it recovers to normal answers by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createTestApp } from '../helpers/app';
import { login, sleep, startServerProcess, tempDataDir } from '../../bench/lib/server';
import { assertProblem } from './_support';

/** Blocks the event loop (the kind of stall a CPU-heavy request causes). */
function busyWait(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    /* spin */
  }
}

test('in-process: a stalled event loop gives 503 + Retry-After + overloaded, then recovers by itself', { timeout: 120_000 }, async () => {
  const t = await createTestApp({ config: { overloadMaxEventLoopDelayMs: 50 } });
  try {
    const op = await t.as('operator');
    // Start-up itself (schema compilation) stalls the loop; wait until the guard has seen a calm window.
    const calm = async (limitMs: number) => {
      const t0 = Date.now();
      let status = 503;
      while (status === 503 && Date.now() - t0 < limitMs) {
        await sleep(100);
        status = (await op('GET', '/api/v1/orders')).statusCode;
      }
      return { status, ms: Date.now() - t0 };
    };
    assert.equal((await calm(15_000)).status, 200);
    let overloaded = null;
    for (let i = 0; i < 30 && !overloaded; i++) {
      busyWait(250);
      await sleep(5);
      const r = await op('GET', '/api/v1/orders');
      if (r.statusCode === 503) overloaded = r;
      else assert.equal(r.statusCode, 200, r.body);
    }
    assert.ok(overloaded, 'no 503 while the event loop was stalled');
    assert.equal(overloaded.headers['retry-after'], '2');
    assert.equal(assertProblem(overloaded, 'overloaded').code, 'overloaded');
    // The API documentation is not behind the guard.
    assert.equal((await t.app.inject({ url: '/docs/json' })).statusCode, 200);
    // No more stalls: back to 200 without any intervention.
    const back = await calm(15_000);
    assert.equal(back.status, 200, 'still overloaded 15 s after the stalls stopped');
    console.log(`in-process overload: recovered ${back.ms} ms after the last stall`);
  } finally {
    await t.close();
  }
});

test('server process: a burst of heavy requests trips the guard (503 + Retry-After), then it recovers', { timeout: 180_000 }, async () => {
  const dataDir = tempDataDir('minhu-overload-');
  const server = await startServerProcess({ dataDir, env: { MINHU_OVERLOAD_DELAY_MS: '50', MINHU_SWEEP_INTERVAL_MS: '0' } });
  try {
    const cookie = await login(server.url, 'operator');
    const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
    let tripped: { status: number; retryAfter: string | null; type: string | null; body: string } | null = null;
    for (let burst = 0; burst < 10 && !tripped; burst++) {
      const answers = await Promise.all(
        Array.from({ length: 100 }, async () => {
          const r = await get('/api/v1/orders?pageSize=200');
          return { status: r.status, retryAfter: r.headers.get('retry-after'), type: r.headers.get('content-type'), body: await r.text() };
        }),
      );
      for (const a of answers) assert.ok(a.status === 200 || a.status === 503, `unexpected ${a.status}: ${a.body.slice(0, 200)}`);
      tripped = answers.find((a) => a.status === 503) ?? null;
    }
    assert.ok(tripped, 'ten bursts of 100 list requests never tripped the overload guard');
    assert.equal(tripped.retryAfter, '2');
    assertProblem({ statusCode: tripped.status, headers: { 'content-type': tripped.type }, body: tripped.body }, 'overloaded');
    assert.equal(JSON.parse(tripped.body).code, 'overloaded');
    const t0 = Date.now();
    let status = 503;
    while (status === 503 && Date.now() - t0 < 20_000) {
      await sleep(200);
      const r = await get('/api/v1/orders');
      await r.arrayBuffer();
      status = r.status;
    }
    assert.equal(status, 200, 'the server did not recover within 20 s');
    console.log(`server overload: recovered ${Date.now() - t0} ms after the burst`);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
