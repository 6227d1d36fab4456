// Fuzzing every public route of the portal (each /api/v1/portal route in the OpenAPI document, plus the short
// links /q/<code>, /track, /evaluate) with hostile and plausible values from many client addresses: never a 5xx,
// every error problem+json with a stable code, and a refused request changes nothing but the abuse counters.
// (fuzz.test.ts fuzzes every /api route too; this one aims values at the portal's own rules.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CONSOLE, createTestApp, type TestApp } from '../helpers/app';
import { assertProblem, fingerprinter, HOSTILE_STRINGS } from './_support';

const RUNS = Number(process.env.MINHU_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.MINHU_FUZZ_SEED ?? Date.now() % 2 ** 31);
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex').toString('base64');

let t: TestApp;
let routes: { method: string; path: string }[] = [];
let happy = '';
let number = '';

before(async () => {
  t = await createTestApp();
  const doc = JSON.parse((await t.app.inject({ url: '/docs/json' })).body) as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path: p }))).filter((r) => r.path.startsWith('/api/v1/portal/'));
  assert.deepEqual(routes.map((r) => `${r.method} ${r.path}`).sort(), [
    'GET /api/v1/portal/disclosure', 'GET /api/v1/portal/kinds', 'GET /api/v1/portal/map', 'GET /api/v1/portal/places/{code}',
    'POST /api/v1/portal/evaluate', 'POST /api/v1/portal/orders', 'POST /api/v1/portal/otp', 'POST /api/v1/portal/track',
    // volunteers and micro-projects (test/proof/fuzz-community.test.ts aims at their rules)
    'GET /api/v1/portal/communities', 'GET /api/v1/portal/projects', 'GET /api/v1/portal/projects/{id}', 'GET /api/v1/portal/volunteer/board', 'GET /api/v1/portal/volunteer/tasks',
    'POST /api/v1/portal/needs', 'POST /api/v1/portal/needs/confirm', 'POST /api/v1/portal/projects', 'POST /api/v1/portal/projects/{id}/vote',
    'POST /api/v1/portal/volunteer/session', 'POST /api/v1/portal/volunteer/tasks/{id}/{action}',
  ].sort());
  happy = (await t.s.db.query<{ code: string }>('select code from happy_codes where revoked_at is null limit 1')).rows[0].code;
  const op = await t.as('operator');
  number = JSON.parse((await op('POST', '/api/v1/orders', { channel: 'phone', type: 'complaint', title: '噪声', requester: { phone: '13812345678' } })).body).number;
});
after(() => t?.close());

const hostile = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('长'.repeat(2001), 'x'.repeat(301), 'A'.repeat(70_000)) },
);
const plausible = () => fc.oneof(
  fc.constantFrom('13812345678', '+86 138 1234 5678', '0591-87654321', '123456', '000000', 'road', 'facility', 'other', 'submit', 'evaluate', happy, happy.toLowerCase(), number, '20260302999999', '2026-03', '东街 1 号'),
  fc.constantFrom(`data:image/png;base64,${PNG}`, PNG, Buffer.from('GIF89a<script>').toString('base64'), '!!!'),
);
const scalar = fc.oneof(hostile, plausible(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.record({ lat: fc.oneof(fc.double(), scalar), lng: fc.oneof(fc.double(), scalar) }) },
  { weight: 1, arbitrary: fc.array(fc.record({ name: scalar, data: fc.oneof(plausible(), hostile) }, { requiredKeys: [] }), { maxLength: 4 }) },
);
const FIELDS = ['kind', 'description', 'address', 'location', 'name', 'phone', 'code', 'happyCode', 'photos', 'website', 'number', 'purpose', 'contacted', 'resolution', 'satisfaction', 'note', '__proto__', 'constructor'];
/** Mostly well-formed bodies (each field right or hostile), so requests reach the codes, limits and lookups. */
const near = (good: Record<string, unknown>) => fc.record(Object.fromEntries(Object.entries(good).map(([k, v]) => [k, fc.oneof({ weight: 4, arbitrary: fc.constant(v) }, { weight: 1, arbitrary: value })])), { requiredKeys: [] });
const GOOD = {
  otp: { phone: '13812345678', purpose: 'submit' },
  orders: { kind: 'road', description: '路面有个大坑很危险', address: '东街 1 号', phone: '13812345678', code: '123456', happyCode: null, photos: [{ name: 'p.png', data: PNG }], location: { lat: 26.09, lng: 119.29 } },
  track: { number: '', phone: '13812345678' },
  evaluate: { number: '', phone: '13812345678', code: '123456', contacted: true, resolution: 'resolved', satisfaction: 'satisfied', note: '好' },
};
const body = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('otp', 'orders', 'track', 'evaluate').chain((k) => near({ ...GOOD[k as keyof typeof GOOD], ...('number' in GOOD[k as keyof typeof GOOD] ? { number } : {}) })) },
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 10 }) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', '{', 'null', '[]', '"x"', '{"__proto__":{"x":1}}'), fc.string({ maxLength: 30 })).map((raw) => ({ raw })) },
);
/** encodeURIComponent that does not throw on lone surrogates (they are sent as their invalid UTF-8 bytes). */
const enc = (x: string) => x.split('').map((ch) => { try { return encodeURIComponent(ch); } catch { return '%ED%A0%80'; } }).join('');
const segment = fc.oneof(fc.constantFrom(happy, happy.toLowerCase(), '00000000', 'ABCDEFGH', '%00', '..%2F..', 'I'.repeat(8), '1'.repeat(300)), hostile.map((s) => enc(s).slice(0, 500)));
const query = fc.oneof(fc.constantFrom('', 'month=2026-03', 'month=2026-13', 'month=0000-00', 'number=20260302000001', 'number=<script>', 'number[]=1&number[]=2'), hostile.map((s) => `month=${enc(s).slice(0, 500)}&number=${enc(s).slice(0, 100)}`));
const ip = fc.oneof(fc.constant('198.51.100.7'), fc.nat(255).map((n) => `192.0.2.${n}`));

test('every portal route survives hostile input: no 5xx, problem+json, nothing but counters written on a refusal', { timeout: 600_000 }, async (tc) => {
  tc.diagnostic(`portal fuzz seed ${SEED} (replay with MINHU_FUZZ_SEED=${SEED})`);
  const fingerprint = await fingerprinter(t.s.db, ['login_throttle', 'portal_counters']);
  const statuses = new Map<number, number>();
  for (const [i, r] of routes.entries()) {
    await fc.assert(
      fc.asyncProperty(segment, query, body, ip, fc.boolean(), async (seg, q, b, remoteAddress, json) => {
        const url = `${r.path.replace(/\{[^}]+\}/g, seg)}${q ? `?${q}` : ''}`;
        const before = await fingerprint();
        const payload = r.method === 'GET' ? undefined : 'raw' in b ? String(b.raw) : JSON.stringify(b);
        const res = await t.app.inject({ method: r.method as 'GET', url, payload, remoteAddress, headers: { ...CONSOLE, ...(payload !== undefined ? { 'content-type': json ? 'application/json' : 'text/plain' } : {}) } });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const what = `${r.method} ${url.slice(0, 200)} ${String(payload).slice(0, 300)}`;
        assert.ok(res.statusCode < 500, `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (res.statusCode >= 400) {
          assertProblem(res, what);
          assert.equal(await fingerprint(), before, `${what} → ${res.statusCode} changed the data`);
        }
      }),
      { numRuns: RUNS, seed: SEED + i, endOnFailure: true },
    );
  }
  tc.diagnostic(`statuses: ${[...statuses.entries()].sort().map(([s, n]) => `${s}:${n}`).join(' ')}`);
});

test('the short links always land in the portal (never a 5xx, never off this site)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('/q/', '/track', '/evaluate'), segment, query, async (base, seg, q) => {
      const url = base === '/q/' ? `/q/${seg}` : `${base}?${q}`;
      const res = await t.app.inject({ url });
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
      if (res.statusCode === 302) assert.match(String(res.headers.location), /^\/portal\/(\?c=[0-9A-Z]{1,20})?#\/(report|track|evaluate)(\?number=\d{1,14})?$/, url);
      else assertProblem(res, url);
    }),
    { numRuns: RUNS * 3, seed: SEED },
  );
});
