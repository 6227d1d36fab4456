// Access matrix and fuzzing of the intake-source routes (docs/SOURCES.md): 领导接待日 × every role, anonymous 401;
// the 数字城管 API without (or with a wrong) key 401 on every route; hostile bodies never a 5xx, always problem+json,
// and a refused request files nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ROLES } from '../../src/modules/users/roles';
import { assertProblem, fingerprinter, HOSTILE_STRINGS } from './_support';
import { USER_OF_ROLE, World } from '../core/_support';

const RUNS = Number(process.env.MINHU_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.MINHU_FUZZ_SEED ?? Date.now() % 2 ** 31);
let w: World;
let fingerprint: () => Promise<string>;
let key: string;
before(async () => {
  w = await World.open();
  key = JSON.parse((await (await w.as('admin'))('POST', '/api/v1/open311/keys', { name: '数字城管' })).body).key;
  fingerprint = await fingerprinter(w.t.s.db, ['login_throttle', 'open311_rate', 'open311_keys']);
});
after(() => w?.close());

const CITY = '/api/v1/integrations/city-management';
const inject = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
  w.t.app.inject({ method: method as 'GET', url, payload: body as object, headers: { 'x-minhu-request': '1', ...headers } });
const reception = { day: '2026-03-05', leaderName: '王副区长', place: '区接待中心', visitors: 3, matters: [] };

test('领导接待日 × every role: the centre writes, the centre and leaders read, units are refused; anonymous 401', async () => {
  const clients = await Promise.all(ROLES.map(async (r) => [r, await w.as(USER_OF_ROLE[r])] as const));
  const writers = ['operator', 'dispatcher', 'admin'];
  const readers = [...writers, 'supervisor', 'leader'];
  for (const [role, c] of clients) {
    const before = await fingerprint();
    const post = await c('POST', '/api/v1/reception-days', reception);
    if (writers.includes(role)) assert.equal(post.statusCode, 201, `${role}: ${post.body.slice(0, 200)}`);
    else {
      assert.equal(assertProblem(post, `${role} POST`).code, 'forbidden');
      assert.equal(await fingerprint(), before, `${role}'s refused POST changed something`);
    }
    const get = await c('GET', '/api/v1/reception-days');
    if (readers.includes(role)) assert.equal(get.statusCode, 200, role);
    else assert.equal(assertProblem(get, `${role} GET`).code, 'forbidden');
  }
  for (const [m, body] of [['POST', reception], ['GET', undefined]] as const) {
    assert.equal(assertProblem(await inject(m, '/api/v1/reception-days', body), `anonymous ${m}`).code, 'not_authenticated');
  }
});

test('数字城管: every route refuses a missing or wrong key with 401 and files nothing (sessions do not count)', async () => {
  const admin = await w.as('admin');
  const before = await fingerprint();
  const routes: [string, string, unknown][] = [['POST', `${CITY}/cases`, { caseNo: 'A1', title: 't' }], ['GET', `${CITY}/cases/A1`, undefined], ['POST', `${CITY}/cases/A1/updates`, { kind: 'info', note: 'n' }]];
  for (const [m, url, body] of routes) {
    for (const headers of [{}, { 'x-api-key': 'mh311_not-a-key' }, { 'x-api-key': '' }] as Record<string, string>[]) {
      assert.equal(assertProblem(await inject(m, url, body, headers), `${m} ${url}`).code, 'not_authenticated');
    }
    // A signed-in admin's session is not an API key.
    assert.equal(assertProblem(await admin(m, url, body), `session ${m} ${url}`).code, 'not_authenticated');
  }
  assert.equal(await fingerprint(), before);
});

const text = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 30 }), fc.constant(''), fc.constant('x'.repeat(600)));
const num = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 1e12, Number.NaN), text, fc.constant(null));

test('hostile bodies for the 数字城管 API and 领导接待日: never a 5xx, problem+json, nothing filed on a refusal', async (tc) => {
  tc.diagnostic(`seed ${SEED} (replay: MINHU_FUZZ_SEED=${SEED})`);
  const op = await w.as('operator');
  let filed = 0;
  await fc.assert(fc.asyncProperty(
    fc.record({
      caseNo: fc.oneof({ arbitrary: fc.stringMatching(/^[A-Z0-9-]{1,20}$/), weight: 3 }, text),
      title: fc.oneof({ arbitrary: fc.constantFrom('井盖缺失', '占道经营', '垃圾堆放'), weight: 3 }, text),
      description: fc.option(text, { nil: undefined }),
      location: fc.option(fc.oneof(fc.record({ lat: num, lng: num }), fc.constant(null), text), { nil: undefined }),
      categoryId: fc.option(num, { nil: undefined }),
      reporter: fc.option(fc.oneof(fc.record({ name: text, phone: text }), text), { nil: undefined }),
    }, { requiredKeys: [] }),
    async (body) => {
      const before = await fingerprint();
      const res = await inject('POST', `${CITY}/cases`, body, { 'x-api-key': key });
      assert.ok(res.statusCode < 500, `${JSON.stringify(body).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (res.statusCode >= 400) {
        assertProblem(res, 'city case');
        assert.equal(await fingerprint(), before, `a refused case changed the database: ${res.body.slice(0, 200)}`);
      } else filed++;
      const upd = await inject('POST', `${CITY}/cases/${encodeURIComponent(String(body.caseNo ?? 'x').replace(/[\ud800-\udfff]/g, '?'))}/updates`, { kind: body.title, note: body.description ?? 'n' }, { 'x-api-key': key });
      assert.ok(upd.statusCode < 500, `update → ${upd.statusCode} ${upd.body.slice(0, 200)}`);
      if (upd.statusCode >= 400) assertProblem(upd, 'city update');
    },
    // A well-formed case first, whatever the seed draws (some seeds draw no acceptable body in 60 runs).
  ), { seed: SEED, numRuns: RUNS, examples: [[{ caseNo: 'FUZZ-OK-1', title: '井盖缺失', description: '人行道井盖缺失' }]] });
  tc.diagnostic(`cases filed: ${filed} of ${RUNS}`);
  assert.ok(filed > 0, 'the success path was reached');

  await fc.assert(fc.asyncProperty(
    fc.record({
      day: fc.oneof({ arbitrary: fc.constantFrom('2026-03-05', '2026-02-30', '2026-13-01'), weight: 2 }, text),
      leaderName: text, place: text, visitors: num, note: fc.option(text, { nil: undefined }),
      matters: fc.oneof(fc.array(fc.record({ title: text, type: fc.option(text, { nil: undefined }), requester: fc.option(fc.record({ phone: text }), { nil: undefined }) }, { requiredKeys: [] }), { maxLength: 3 }), text),
    }, { requiredKeys: [] }),
    async (body) => {
      const before = await fingerprint();
      const res = await op('POST', '/api/v1/reception-days', body);
      assert.ok(res.statusCode < 500, `${JSON.stringify(body).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (res.statusCode >= 400) {
        assertProblem(res, 'reception');
        assert.equal(await fingerprint(), before, `a refused reception day changed the database: ${res.body.slice(0, 200)}`);
      }
    },
  ), { seed: SEED, numRuns: RUNS });
});
