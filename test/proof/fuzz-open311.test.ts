// Fuzzing the Open311 edge (fuzz.test.ts covers /api from the OpenAPI document; Open311 is not in it):
// hostile parameters in the query string and in form/JSON bodies, on every endpoint, in both formats.
// Never a 5xx; every error is the specification's error list in the asked format; a failed POST files nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../helpers/app';
import { fingerprinter, HOSTILE_STRINGS } from './_support';

const RUNS = Number(process.env.MINHU_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.MINHU_FUZZ_SEED ?? Date.now() % 2 ** 31);
const PARAMS = ['api_key', 'jurisdiction_id', 'service_code', 'lat', 'long', 'address_string', 'address_id', 'description', 'media_url', 'email', 'first_name',
  'last_name', 'phone', 'device_id', 'account_id', 'attribute[danger]', 'attribute[account_no][]', 'attribute[x]', 'service_request_id', 'status', 'start_date', 'end_date', '__proto__'];

let t: TestApp;
let key = '';
let code = '';
let urgent = '';
before(async () => {
  t = await createTestApp({ config: { open311RateLimit: 100_000 } });
  const admin = await t.as('admin');
  key = JSON.parse((await admin('POST', '/api/v1/open311/keys', { name: 'fuzz' })).body).key;
  const services = JSON.parse((await t.app.inject({ url: '/open311/v2/services.json' })).body) as { service_code: string; metadata: boolean }[];
  code = services.find((s) => !s.metadata)!.service_code;
  urgent = services.find((s) => s.metadata)!.service_code;
});
after(() => t?.close());

function checkErrors(res: { statusCode: number; body: string; headers: Record<string, unknown> }, format: string, what: string) {
  assert.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  if (res.statusCode < 400) return;
  assert.ok([400, 403, 404, 429].includes(res.statusCode), `${what}: ${res.statusCode}`);
  if (format === 'xml') {
    assert.match(String(res.headers['content-type']), /^text\/xml/, what);
    assert.match(res.body, /<errors>\s*<error>\s*<code>\d{3}<\/code>\s*<description>/, `${what}: ${res.body.slice(0, 300)}`);
  } else {
    const b = JSON.parse(res.body);
    assert.ok(Array.isArray(b) && typeof b[0].code === 'number' && typeof b[0].description === 'string', `${what}: ${res.body.slice(0, 300)}`);
  }
}

const value = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 50 }), fc.constantFrom('26.07', '119.29', '-91', '1e400', 'open', 'closed', '2026-03-02', '长'.repeat(4001)));
const params = fc.dictionary(fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 12 })), fc.oneof(value, fc.array(value, { maxLength: 3 })), { maxKeys: 8 });

function encode(p: Record<string, string | string[]>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) for (const x of Array.isArray(v) ? v : [v]) u.append(k, x);
  return u.toString();
}

test('every Open311 endpoint survives hostile parameters: no 5xx, spec errors, nothing filed on failure', { timeout: 600_000 }, async () => {
  console.log(`# Open311 fuzz seed ${SEED} (replay with MINHU_FUZZ_SEED=${SEED})`);
  const fingerprint = await fingerprinter(t.s.db, ['login_throttle', 'open311_rate']);
  const paths = (f: string) => [`/open311/v2/discovery.${f}`, `/open311/v2/services.${f}`, `/open311/v2/services/${code}.${f}`, `/open311/v2/services/${urgent}.${f}`,
    `/open311/v2/requests.${f}`, `/open311/v2/requests/MH-20260302000001.${f}`, `/open311/v2/tokens/abc.${f}`];
  await fc.assert(
    fc.asyncProperty(params, fc.constantFrom('json', 'xml'), fc.nat(6), fc.boolean(), fc.constantFrom('form', 'json', 'text'), async (p, f, i, withKey, kind) => {
      const q = encode(p);
      const get = await t.app.inject({ url: `${paths(f)[i]}?${q}` });
      checkErrors(get, f, `GET ${paths(f)[i]}?${q.slice(0, 200)}`);
      const body: Record<string, unknown> = { service_code: code, ...p, ...(withKey ? { api_key: key } : {}) };
      const before = await fingerprint();
      const payload = kind === 'form' ? encode(body as Record<string, string>) : kind === 'json' ? JSON.stringify(body) : String(p.description ?? 'x');
      const ct = kind === 'form' ? 'application/x-www-form-urlencoded' : kind === 'json' ? 'application/json' : 'text/plain';
      const post = await t.app.inject({ method: 'POST', url: `/open311/v2/requests.${f}`, payload, headers: { 'content-type': ct } });
      checkErrors(post, f, `POST ${kind} ${payload.slice(0, 200)}`);
      if (post.statusCode >= 400) assert.equal(await fingerprint(), before, `a failed POST changed the database: ${post.body}`);
    }),
    { numRuns: RUNS, seed: SEED },
  );
});
