// Fuzzing the routes of grid self-handling, volunteers and micro-projects (console and portal, every one found in
// the OpenAPI document under their prefixes) with hostile and near-valid values, as the users who may act and as
// outsiders: never a 5xx, every error problem+json with a stable code, and a refused request changes nothing but
// the portal's abuse counters. (fuzz.test.ts fuzzes every /api route too; this one aims at these rules.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CONSOLE, createTestApp, type Client, type TestApp } from '../helpers/app';
import { assertProblem, fingerprinter, HOSTILE_STRINGS } from './_support';
import { PNG } from '../portal/_support';

const RUNS = Number(process.env.MINHU_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.MINHU_FUZZ_SEED ?? Date.now() % 2 ** 31);
const PREFIXES = ['/api/v1/grid/issues', '/api/v1/volunteer', '/api/v1/projects', '/api/v1/meetings', '/api/v1/portal/needs', '/api/v1/portal/volunteer', '/api/v1/portal/projects', '/api/v1/portal/communities'];

let t: TestApp;
let routes: { method: string; path: string }[] = [];
const users: Record<string, Client | null> = { anonymous: null };
let community = 0;
let token = '';
const ids: number[] = [];

before(async () => {
  t = await createTestApp();
  const admin = await t.as('admin');
  const units = JSON.parse((await admin('GET', '/api/v1/units')).body).items as { id: number; code: string }[];
  community = units.find((u) => u.code === '350102004001')!.id;
  for (const [username, role] of [['grid.fz', 'grid_worker'], ['grid.fz2', 'grid_worker'], ['staff.fz', 'handler']]) {
    assert.equal((await admin('POST', '/api/v1/users', { username, displayName: username, password: 'test-demo-pw', role, unitId: community })).statusCode, 201);
  }
  for (const u of ['grid.fz', 'grid.fz2', 'staff.fz', 'admin', 'handler.350102005', 'leader']) users[u] = await t.as(u);
  const doc = JSON.parse((await t.app.inject({ url: '/docs/json' })).body) as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path: p }))).filter((r) => PREFIXES.some((x) => r.path.startsWith(x)));
  assert.ok(routes.length >= 25, `found ${routes.length} routes`);
  // Something to act on: an issue, a published task, a project open for voting, a signed-in volunteer.
  const staff = users['staff.fz']!;
  ids.push(JSON.parse((await users['grid.fz']!('POST', '/api/v1/grid/issues', { title: '待处置', photos: [{ data: PNG.toString('base64') }] })).body).id);
  const task = JSON.parse((await staff('POST', '/api/v1/volunteer-tasks', { communityId: community, kind: 'other', title: '帮忙' })).body);
  await staff('POST', `/api/v1/volunteer-tasks/${task.id}/publish`, { version: 1 });
  ids.push(task.id);
  const p = JSON.parse((await staff('POST', '/api/v1/projects', { communityId: community, title: '项目', budget: 10, source: 'resident' })).body);
  await staff('POST', `/api/v1/projects/${p.id}/open-voting`, { version: 1 });
  ids.push(p.id);
  await staff('POST', '/api/v1/volunteers', { communityId: community, name: '志愿者', phone: '13900007777' });
  await t.app.inject({ method: 'POST', url: '/api/v1/portal/otp', payload: { phone: '13900007777', purpose: 'volunteer' }, headers: CONSOLE });
  const code = (await t.s.db.query<{ code: string }>(`select payload->>'code' as code from outbox where template = 'otp' order by id desc limit 1`)).rows[0].code;
  token = JSON.parse((await t.app.inject({ method: 'POST', url: '/api/v1/portal/volunteer/session', payload: { phone: '13900007777', code }, headers: CONSOLE })).body).token;
  assert.ok(token);
});
after(() => t?.close());

const hostile = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('长'.repeat(2001), 'x'.repeat(301)) },
);
const plausible = () => fc.oneof(
  fc.constantFrom('13812345678', '13900007777', '123456', 'elderly', 'repair', 'resident', 'meeting', 'hotspot', '2026-03-02', '2026-02-30', '2026-03-09T10:00:00+08:00', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', 'now'),
  fc.constantFrom(community, ...ids, 0, -1, 2147483648, 1.5, 0.5, 24, 25),
);
const scalar = fc.oneof(hostile, plausible(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.record({ name: scalar, data: fc.oneof(fc.constant(PNG.toString('base64')), hostile) }, { requiredKeys: [] }), { maxLength: 4 }) },
);
const GOOD: Record<string, unknown>[] = [
  { title: '问题', description: '描述', address: '地址', location: { lat: 26.08, lng: 119.3 }, photos: [{ name: 'p.png', data: PNG.toString('base64') }] },
  { version: 1, note: '备注', reason: '原因', hours: 1.5, result: '结果', voteEndsAt: '2026-03-20T10:00:00+08:00', photos: [{ data: PNG.toString('base64') }] },
  { communityId: community, kind: 'elderly', title: '需求标题', requesterName: '张三', requesterPhone: '13812345678', phone: '13812345678', code: '123456', taskId: ids[1] },
  { communityId: community, title: '项目标题', budget: 1000, source: 'resident', heldOn: '2026-03-01', place: '礼堂', attendees: 10, topics: ['议题'], decisions: ['决定'], projectIds: [ids[2]], orderIds: [1], name: '李四', partyMember: true },
];
const near = (good: Record<string, unknown>) => fc.record(Object.fromEntries(Object.entries(good).map(([k, v]) => [k, fc.oneof({ weight: 4, arbitrary: fc.constant(v) }, { weight: 1, arbitrary: value })])), { requiredKeys: [] });
const body = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...GOOD).chain(near) },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom('title', 'version', 'communityId', 'kind', 'phone', 'code', 'budget', 'photos', 'hours', 'heldOn', '__proto__'), value, { maxKeys: 8 }) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', '{', 'null', '[]', '{"__proto__":{"x":1}}'), fc.string({ maxLength: 30 })).map((raw) => ({ raw })) },
);
const enc = (x: string) => x.split('').map((ch) => { try { return encodeURIComponent(ch); } catch { return '%ED%A0%80'; } }).join('');
const segment = (name: string) => name === 'action'
  ? fc.constantFrom('handle', 'verify', 'refuse', 'escalate', 'publish', 'cancel', 'confirm', 'claim', 'complete', 'open-voting', 'approve', 'reject', 'start', 'finish', 'x', '%00')
  : fc.oneof(fc.constantFrom(...ids.map(String), '0', '-1', '2147483648', '1e3'), hostile.map((s) => enc(s).slice(0, 200)));
const query = fc.oneof(fc.constantFrom('', 'month=2026-03', 'month=2026-13', 'status=reported', 'status=published', 'status=voting', 'status=x', 'toAct=true', 'toAct=maybe'), hostile.map((s) => `status=${enc(s).slice(0, 100)}&month=${enc(s).slice(0, 100)}`));
const volunteerToken = fc.oneof(fc.constant(token), fc.constant(undefined), hostile.map((s) => s.replace(/[^\x21-\x7e]/g, '').slice(0, 300)));

test('every self-handling, volunteer and micro-project route survives hostile input: no 5xx, problem+json, nothing changed on a refusal', { timeout: 900_000 }, async (tc) => {
  tc.diagnostic(`community fuzz seed ${SEED} (replay with MINHU_FUZZ_SEED=${SEED})`);
  const fingerprint = await fingerprinter(t.s.db, ['login_throttle', 'portal_counters']);
  const statuses = new Map<number, number>();
  for (const [i, r] of routes.entries()) {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(users)), segment('id'), segment('action'), query, body, volunteerToken, async (who, id, action, q, b, vt) => {
        const url = `${r.path.replace('{id}', id).replace('{action}', action)}${q ? `?${q}` : ''}`;
        const payload = r.method === 'GET' ? undefined : 'raw' in b ? String(b.raw) : JSON.stringify(b);
        const headers: Record<string, string> = { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...(vt !== undefined && vt !== '' ? { 'x-volunteer-token': vt } : {}) };
        const c = users[who];
        const before = await fingerprint();
        const res = c ? await c(r.method, url, payload, headers) : await t.app.inject({ method: r.method as 'GET', url, payload, headers: { ...CONSOLE, ...headers } });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const what = `${who} ${r.method} ${url.slice(0, 200)} ${String(payload).slice(0, 300)}`;
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
