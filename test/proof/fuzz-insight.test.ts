// Fuzzing the insight and dashboard routes with hostile query strings and bodies: never a 5xx, every error a
// problem+json with a stable code, and a refused state change changes nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestApp, type Client, type TestApp } from '../helpers/app';
import { assertProblem, fingerprinter, HOSTILE_STRINGS } from './_support';

const RUNS = Number(process.env.MINHU_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.MINHU_FUZZ_SEED ?? Date.now() % 2 ** 31);
const GETS = ['/api/v1/dashboard/summary', '/api/v1/dashboard/areas', '/api/v1/dashboard/summary.csv', '/api/v1/dashboard/summary.xlsx', '/api/v1/insight/hotspots', '/api/v1/insight/warnings', '/api/v1/insight/seasonal'];
const PARAMS = ['unitId', 'from', 'to', 'table', 'window', 'categoryId', 'limit', 'state', 'kind', 'month', '__proto__', 'constructor'];

let t: TestApp;
let sup: Client;
let handler: Client;
before(async () => {
  t = await createTestApp();
  sup = await t.as('supervisor');
  handler = await t.as('handler.350102004');
});
after(() => t?.close());

const value = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 30 }), fc.constantFrom('0', '-1', '2147483648', '1e400', 'NaN', '2026-02-30', '2026-06-01', '0000-00-00', '9999-12-31', '7', '30', 'areas', 'spike', 'new', '2026-11', '长'.repeat(3000)));
const params = fc.dictionary(fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 10 })), fc.oneof(value, fc.array(value, { maxLength: 3 })), { maxKeys: 6 });

function encode(p: Record<string, string | string[]>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) for (const x of Array.isArray(v) ? v : [v]) u.append(k, x);
  return u.toString();
}

function check(res: { statusCode: number; body: string; headers: Record<string, unknown> }, what: string) {
  assert.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  if (res.statusCode >= 400) assertProblem(res, what);
}

test('hostile query strings on every insight read: no 5xx, problems only', { timeout: 600_000 }, async () => {
  console.log(`# insight fuzz seed ${SEED} (replay with MINHU_FUZZ_SEED=${SEED})`);
  await fc.assert(
    fc.asyncProperty(params, fc.nat(GETS.length - 1), fc.boolean(), async (p, i, asUnit) => {
      const url = `${GETS[i]}?${encode(p)}`;
      check(await (asUnit ? handler : sup)('GET', url), `GET ${url.slice(0, 200)}`);
    }),
    { numRuns: RUNS * 3, seed: SEED },
  );
});

test('hostile bodies on a warning\'s state change: no 5xx, nothing changes when refused', { timeout: 600_000 }, async () => {
  // one real warning to aim at: a repeat caller
  const op = await t.as('operator');
  for (let i = 0; i < 3; i++) {
    const r = await op('POST', '/api/v1/orders', { channel: 'phone', type: 'complaint', title: '模糊测试', description: '模糊测试', requester: { name: '测试', phone: '13700001111' } });
    assert.equal(r.statusCode, 201, r.body);
  }
  assert.equal((await sup('POST', '/api/v1/insight/warnings/scan')).statusCode, 200);
  const { rows } = await t.s.db.query<{ id: number }>(`select id from insight_warnings order by id limit 1`);
  const id = rows[0].id;
  const fingerprint = await fingerprinter(t.s.db);
  const before = await fingerprint();
  const body = fc.oneof(
    fc.dictionary(fc.constantFrom('state', 'note', '__proto__', 'extra'), fc.oneof(value, fc.integer(), fc.constant(null), fc.array(value, { maxLength: 2 })), { maxKeys: 4 }),
    fc.constantFrom('not json', '[]', 'null', '{"state":"new"}', '{"state":"seen","note":""}'),
  );
  await fc.assert(
    fc.asyncProperty(body, fc.constantFrom(String(id), '0', '-1', 'abc', '99999999999', "1'--"), async (b, target) => {
      const url = `/api/v1/insight/warnings/${target}/state`;
      const r = typeof b === 'string'
        ? await t.app.inject({ method: 'POST', url, payload: b, headers: { 'content-type': 'application/json', 'x-minhu-request': '1' } })
        : await sup('POST', url, b);
      check(r, `POST ${url} ${JSON.stringify(b).slice(0, 200)}`);
      if (r.statusCode >= 400) assert.equal(await fingerprint(), before, `a refused change left the database as it was: ${url} ${JSON.stringify(b).slice(0, 200)}`);
      else {
        // a valid body (seen/acted); put the warning back for the next run
        await t.s.db.query(`update insight_warnings set state = 'new', note = null, updated_at = created_at where id = $1`, [id]);
      }
    }),
    { numRuns: RUNS * 2, seed: SEED },
  );
});
