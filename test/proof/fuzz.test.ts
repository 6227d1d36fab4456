// Property-based fuzzing of EVERY endpoint (enumerated from the OpenAPI document at /docs/json):
// malformed and hostile bodies, query strings, path ids and headers. Whatever arrives, the API must
// never answer 5xx, every error is application/problem+json with a stable `code`, and a request that
// fails leaves the database exactly as it was. Runs per route: MINHU_FUZZ_RUNS (default 60);
// the seed is printed so a failure can be replayed with MINHU_FUZZ_SEED.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CONSOLE, createTestApp, type TestApp } from '../helpers/app';
import { orderBody } from '../../bench/lib/orders';
import { assertProblem, fingerprinter, HOSTILE_STRINGS } from './_support';
import { leafId } from '../helpers/catalog';

const RUNS = Number(process.env.MINHU_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.MINHU_FUZZ_SEED ?? Date.now() % 2 ** 31);

interface Route {
  method: string;
  path: string;
  contentTypes: string[];
  query: string[];
  bodySchema: Schema | null;
}
type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; enum?: unknown[]; const?: unknown; $ref?: string };

let t: TestApp;
let routes: Route[] = [];
const cookies: Record<string, string> = {};
let fixture: { registered: number; dispatched: number; version: Record<number, number>; attachment: string; category: number; kb: number; user: number };
let fingerprint: () => Promise<string>;
let freshOrders: () => Promise<void>;
const totals = { runs: 0, requests: 0, byStatus: new Map<number, number>(), rejectedByInject: 0, mutations2xx: 0 };

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

before(async () => {
  t = await createTestApp();
  const login = async (username: string) => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: 'test-demo-pw' }, headers: CONSOLE });
    assert.equal(r.statusCode, 200, r.body);
    return `minhu_session=${r.cookies.find((c) => c.name === 'minhu_session')!.value}`;
  };
  for (const u of ['admin', 'operator', 'dispatcher', 'handler.350102004', 'leader', 'supervisor']) cookies[u] = await login(u);
  const as = (u: string, method: string, url: string, payload?: unknown) =>
    t.app.inject({ method: method as 'GET', url, payload: payload as object, headers: { ...CONSOLE, cookie: cookies[u] } });

  const doc = JSON.parse((await t.app.inject({ url: '/docs/json' })).body) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> }; parameters?: { in: string; name: string }[] }>> };
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = op.requestBody?.content ?? {};
      routes.push({
        method: method.toUpperCase(),
        path: p,
        contentTypes: Object.keys(content),
        query: (op.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name),
        bodySchema: content['application/json']?.schema ?? null,
      });
    }
  }
  routes = routes.filter((r) => r.path.startsWith('/api/'));
  assert.ok(routes.length >= 40, `only ${routes.length} API routes found in /docs/json`);
  // The audit log search is fuzzed like every route, with its whole query (userId, orderId, action, from, to, limit, before).
  const audit = routes.find((r) => r.method === 'GET' && r.path === '/api/v1/audit');
  assert.deepEqual(audit?.query.sort(), ['action', 'before', 'from', 'limit', 'orderId', 'to', 'userId']);

  const units = JSON.parse((await as('admin', 'GET', '/api/v1/units')).body).items as { id: number; code: string }[];
  const street = units.find((u) => u.code === '350102004')!.id;
  const reg = JSON.parse((await as('operator', 'POST', '/api/v1/orders', orderBody(1))).body);
  let dis = JSON.parse((await as('operator', 'POST', '/api/v1/orders', orderBody(2))).body);
  dis = JSON.parse((await as('dispatcher', 'POST', `/api/v1/orders/${dis.id}/dispatch`, { version: dis.version, mainUnitId: street, tier: 2, categoryId: await leafId(t.s.db) })).body);
  const up = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${reg.id}/attachments?filename=a.png`, payload: PNG, headers: { ...CONSOLE, cookie: cookies.admin, 'content-type': 'image/png' } });
  assert.equal(up.statusCode, 201, up.body);
  const cats = JSON.parse((await as('admin', 'GET', '/api/v1/catalog')).body).items as { id: number; level: number }[];
  const kbList = await as('admin', 'GET', '/api/v1/kb/articles');
  const kbItems = kbList.statusCode === 200 ? (JSON.parse(kbList.body).items as { id: number }[]) : [];
  // The user-management routes act on a user of their own: disabling or resetting a fuzzing user would end
  // the sessions the fuzzer signs in with.
  const target = await as('admin', 'POST', '/api/v1/users', { username: 'fuzz.target', displayName: '模糊测试对象', password: 'fuzz-target-pw', role: 'handler', unitId: street });
  assert.equal(target.statusCode, 201, target.body);
  fixture = {
    user: JSON.parse(target.body).id,
    registered: reg.id,
    dispatched: dis.id,
    version: { [reg.id]: reg.version, [dis.id]: dis.version },
    attachment: JSON.parse(up.body).id,
    category: cats.find((c) => c.level === 3)!.id,
    kb: kbItems[0]?.id ?? 1,
  };
  // Failed sign-ins and the portal's abuse counters (failed guesses, refused requests) are written on purpose.
  fingerprint = await fingerprinter(t.s.db, ['login_throttle', 'portal_counters']);
  freshOrders = async () => {
    const reg = JSON.parse((await as('operator', 'POST', '/api/v1/orders', orderBody(3))).body);
    let dis = JSON.parse((await as('operator', 'POST', '/api/v1/orders', orderBody(4))).body);
    dis = JSON.parse((await as('dispatcher', 'POST', `/api/v1/orders/${dis.id}/dispatch`, { version: dis.version, mainUnitId: street, tier: 2, categoryId: await leafId(t.s.db) })).body);
    assert.equal(dis.status, 'dispatched');
    fixture.registered = reg.id;
    fixture.dispatched = dis.id;
  };
});

after(async () => {
  await t?.close();
});

// ---- arbitraries -------------------------------------------------------------------------------

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5_000), '长'.repeat(30_000), 'a'.repeat(300_000)) },
);
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -1e308, 0.5, -0, 1e-320),
  fc.integer(),
  fc.double({ noNaN: true }),
);
const scalar = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, scalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** A plausible value for a schema (so requests get past validation and reach deeper code), or a hostile one. */
function valueFor(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 3) return hostileValue;
  const options: fc.Arbitrary<unknown>[] = [hostileValue];
  const enums = s.enum ?? s.anyOf?.filter((x) => x.const !== undefined).map((x) => x.const);
  if (enums?.length) options.push(fc.constantFrom(...enums));
  if (s.anyOf) for (const a of s.anyOf) if (a.const === undefined) options.push(valueFor(a, depth + 1));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'string') options.push(hostileString, fc.constantFrom('正常的文字', '2026-12-31', '2026-03-02T10:00:00+08:00', '13812345678'));
  if (type === 'integer' || type === 'number') options.push(hostileNumber, fc.constantFrom(fixture.registered, fixture.dispatched, fixture.category, 1, 2, 3, 4));
  if (type === 'boolean') options.push(fc.boolean());
  if (type === 'array') options.push(fc.array(valueFor(s.items, depth + 1), { maxLength: 4 }));
  if (type === 'object' && s.properties) options.push(objectFor(s, depth + 1));
  return fc.oneof(...options);
}
/** Stands for "the target order's current version", filled in when the request is sent (reaches the action code). */
const VERSION = -987654321;
function objectFor(s: Schema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(s.properties ?? {});
  const arb = (k: string, v: Schema) => (k === 'version' && depth === 0 ? fc.oneof({ weight: 3, arbitrary: fc.constant(VERSION) }, { weight: 1, arbitrary: valueFor(v, depth) }) : valueFor(v, depth));
  const known = props.length ? fc.record(Object.fromEntries(props.map(([k, v]) => [k, arb(k, v)])), { requiredKeys: [] }) : fc.constant({});
  const unknown = fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'status', 'version', 'isCenter', 'role', 'x'), hostileValue, { maxKeys: 3 });
  return fc.tuple(known, unknown, fc.boolean()).map(([a, b, mix]) => (mix ? { ...b, ...a } : a));
}

/** Percent-encoding that survives lone surrogates: they become their (invalid) 3-byte UTF-8 form, e.g. %ED%A0%80. */
function pct(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

const deep = (n: number, key?: string) => (key ? `{"${key}":`.repeat(n) + '1' + '}'.repeat(n) : '['.repeat(n) + ']'.repeat(n));
const rawBody = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":',
    'null',
    '[]',
    '"string"',
    '12',
    '{"__proto__":{"isCenter":true}}',
    '{"constructor":{"prototype":{"x":1}}}',
    deep(20_000),
    deep(5_000, 'a'),
    deep(2_000, '__proto__'),
    `{"title":"${'x'.repeat(1_100_000)}"}`,
    '{"a":1,"a":2}',
    '\ufeff{}',
  ),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.constantFrom(Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]), PNG),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/plain',
  'text/csv',
  'application/x-ndjson',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zzz',
  'application/xml',
  'application/problem+json',
  'image/png',
  '*/*',
  'garbage',
  ';;;',
  null,
);

interface Gen {
  who: string;
  id: string;
  query: [string, string][];
  body: { kind: 'object'; value: unknown } | { kind: 'raw'; value: string | Buffer } | { kind: 'none' };
  contentType: string | null;
  headers: Record<string, string>;
}

function genFor(r: Route): fc.Arbitrary<Gen> {
  const who = fc.constantFrom('admin', 'admin', 'admin', 'operator', 'dispatcher', 'handler.350102004', 'leader', 'supervisor', 'anonymous', 'garbage');
  const ids = r.path.includes('{tier}')
    ? fc.oneof(fc.constantFrom('1', '2', '3', '4'), hostileString.map((s) => pct(s)))
    : r.path.startsWith('/api/v1/users/')
      ? fc.oneof(
          { weight: 4, arbitrary: fc.constant(String(fixture.user)) },
          { weight: 2, arbitrary: fc.constantFrom('0', '-1', '99999999', '2147483648', 'abc', '1.5', '%00', '1'.repeat(200)) },
          { weight: 1, arbitrary: hostileString.map((s) => pct(s).slice(0, 2000)) },
        )
    : r.path.includes('{month}')
      ? fc.oneof(fc.constantFrom('2026-03', '2026-02', '2025-12', '2026-13', '2026-3', '0000-00', '9999-12'), hostileString.map((s) => pct(s).slice(0, 200)))
    : r.path.startsWith('/api/v1/attachments')
      ? fc.oneof(fc.constant(fixture.attachment), fc.uuid().map(String), hostileString.map((s) => pct(s)))
      : fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(String(fixture.registered), String(fixture.dispatched), String(fixture.category), String(fixture.kb)) },
          { weight: 2, arbitrary: fc.constantFrom('0', '-1', '999999', '2147483648', '99999999999999999999', 'abc', '1.5', '1e3', '%00', '..%2F..', "1'%20or%20'1'='1", '%F0%9F%92%A9', '1'.repeat(200), '0x1') },
          { weight: 1, arbitrary: hostileString.map((s) => pct(s).slice(0, 2000)) },
        );
  const qnames = fc.constantFrom(...r.query, 'page', 'pageSize', 'x', '__proto__', 'q[]', 'status');
  const qvalue = fc.oneof(
    hostileString.map((s) => s.slice(0, 3000)),
    fc.constantFrom('-1', '0', '1000000', '1e9', 'NaN', '201', 'red,green,blue', 'registered,,', 'true', 'maybe', '2026-01-01', '2026-02-30', 'reveal_phone'),
    // Keyset cursors of the audit log: well-formed, out of range, malformed.
    fc.constantFrom('2026-03-02T01:00:00.000Z~5', '2026-03-02T01:00:00.000Z~99999999999', '9999-12-31T23:59:59.999Z~1', '2026-02-30T01:00:00.000Z~1', '~', '2026-03-02T01:00:00.000Z~-1'),
  );
  const query = fc.array(fc.tuple(qnames, qvalue), { maxLength: 4 });
  const body: fc.Arbitrary<Gen['body']> = fc.oneof(
    { weight: 4, arbitrary: (r.bodySchema ? objectFor(r.bodySchema) : fc.dictionary(hostileString, hostileValue, { maxKeys: 3 })).map((value) => ({ kind: 'object' as const, value })) },
    { weight: 1, arbitrary: hostileValue.map((value) => ({ kind: 'object' as const, value })) },
    { weight: 2, arbitrary: rawBody.map((value) => ({ kind: 'raw' as const, value })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  );
  const ct = fc.oneof({ weight: 3, arbitrary: fc.constant(r.contentTypes[0] ?? 'application/json') }, { weight: 2, arbitrary: contentType });
  const headers = fc.record(
    {
      accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'application/xml', '', 'garbage/;;'),
      'accept-language': fc.constantFrom('zh-CN', 'en', 'xx', '*;q=abc'),
      'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1', 'garbage', '127.0.0.1, 10.0.0.1'),
      'x-extra': fc.string({ unit: 'grapheme-ascii', maxLength: 100 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
      origin: fc.constantFrom('https://evil.example', 'null'),
    },
    { requiredKeys: [] },
  );
  return fc.record({ who, id: ids, query, body, contentType: ct, headers });
}

function cookieFor(who: string, r: Route): string | undefined {
  // A signed-in GET /stream never ends (server-sent events), and DELETE /session would sign our fuzzing users out.
  if ((r.path === '/api/v1/stream' || (r.method === 'DELETE' && r.path === '/api/v1/session')) && cookies[who]) return 'minhu_session=' + 'A'.repeat(43);
  if (who === 'anonymous') return undefined;
  if (who === 'garbage') return 'minhu_session=%%%; minhu_session=' + 'x'.repeat(300) + '; other=\u00ff';
  return cookies[who];
}

/**
 * Bugs found by this fuzzing in code owned elsewhere, reported and reproduced by their own TODO test
 * below; inputs that hit them are skipped so the rest of the route is still fuzzed. Remove an entry
 * when it is fixed (its TODO test then passes).
 */
const KNOWN: { route: string; why: string; hits: (body: string | Buffer | undefined) => boolean }[] = [];

test('every endpoint survives hostile input: no 5xx, problem+json errors, no change on failure', { timeout: 900_000 }, async (tc) => {
  tc.diagnostic(`fuzzing ${routes.length} routes × ${RUNS} runs, seed ${SEED} (replay: MINHU_FUZZ_SEED=${SEED})`);
  let skippedKnown = 0;
  for (const [i, r] of routes.entries()) {
    const known = KNOWN.find((k) => k.route === `${r.method} ${r.path}`);
    await tc.test(`${r.method} ${r.path}`, async () => {
      // Fresh orders for every route, so actions meet orders in the states they act on.
      await freshOrders();
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(genFor(r), async (g) => {
          runs++;
          const path = r.path.replace(/\{[^}]+\}/g, g.id);
          const qs = g.query.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
          const url = qs ? `${path}?${qs}` : path;
          const headers: Record<string, string> = { ...CONSOLE, ...g.headers };
          const cookie = cookieFor(g.who, r);
          if (cookie) headers.cookie = cookie;
          let payload: string | Buffer | undefined;
          if ((r.method !== 'GET' && r.method !== 'DELETE') || g.body.kind === 'raw') {
            if (g.body.kind === 'object') {
              let value = g.body.value;
              if (value && typeof value === 'object' && (value as { version?: unknown }).version === VERSION) {
                const target = [fixture.registered, fixture.dispatched].includes(Number(g.id)) ? Number(g.id) : 0;
                const { rows } = await t.s.db.query<{ version: number }>('select version from orders where id = $1', [target]);
                value = { ...value, version: rows[0]?.version ?? 1 };
              }
              payload = JSON.stringify(value) ?? 'null';
            }
            else if (g.body.kind === 'raw') payload = g.body.value;
            if (payload !== undefined && g.contentType !== null) headers['content-type'] = g.contentType;
          }
          if (known?.hits(payload)) {
            skippedKnown++;
            return;
          }
          const before = await fingerprint();
          let res;
          try {
            res = await t.app.inject({ method: r.method as 'GET', url, headers, payload });
          } catch {
            // The request itself could not be built (e.g. an invalid header): nothing reached the server.
            totals.rejectedByInject++;
            return;
          }
          totals.requests++;
          totals.byStatus.set(res.statusCode, (totals.byStatus.get(res.statusCode) ?? 0) + 1);
          const what = `${r.method} ${url.slice(0, 200)} as ${g.who}`;
          assert.ok(res.statusCode < 500, `${what} → ${res.statusCode}: ${res.body.slice(0, 500)}`);
          if (res.statusCode >= 400) {
            assertProblem(res, what);
            const afterF = await fingerprint();
            assert.equal(afterF, before, `${what} → ${res.statusCode} but the data changed`);
          } else if ((await fingerprint()) !== before) {
            totals.mutations2xx++;
          }
        }),
        {
          numRuns: RUNS,
          seed: SEED + i,
          endOnFailure: true,
          // Counterexamples hold megabyte strings: report them truncated, with the replay seed.
          reporter: (out) => {
            if (!out.failed) return;
            const err = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
            const ce = JSON.stringify(out.counterexample, (_k, v) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…(${v.length} chars)` : v));
            throw new Error(`${r.method} ${r.path} failed (seed ${out.seed}, path ${out.counterexamplePath}):\n${err.slice(0, 3000)}\ncounterexample: ${ce.slice(0, 3000)}`);
          },
        },
      );
      totals.runs += runs;
    });
  }
  const statuses = [...totals.byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`).join(' ');
  const summary = `fuzz totals: ${totals.runs} runs over ${routes.length} routes, ${totals.requests} requests answered (${statuses}), ${totals.mutations2xx} accepted writes, ${totals.rejectedByInject} not sendable, ${skippedKnown} skipped as known bugs`;
  tc.diagnostic(summary);
  console.log(summary);
  assert.equal(totals.runs, routes.length * RUNS);
});

test('POST /api/v1/assist/examples: a JSON Lines line that is `null` is reported, not a 500 (found by fuzzing)', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/assist/examples', headers: { ...CONSOLE, cookie: cookies.admin, 'content-type': 'application/x-ndjson' }, payload: 'null' });
  assert.ok(res.statusCode < 500, `${res.statusCode}: ${res.body}`);
  assertProblem(res, 'assist/examples null line');
});
