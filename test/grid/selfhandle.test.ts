// Grid self-handling 自行处置: report (before photo) → handled (after photo) → verified by another grid worker of the
// same grid or community staff → closed; refused or escalated → an order (channel grid) with the photos. Every
// transition allowed and forbidden, by role and scope; statistics.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMUNITY, CONSOLE_PNG, cst, expectOk, expectProblem, OTHER_STREET, USER_OF_ROLE, World } from './_support';

const G = USER_OF_ROLE.grid_worker;
const SAME = 'grid.same';
const OTHER = 'grid.away';
const STAFF = `handler.${COMMUNITY}`;
const photos = [{ name: 'p.png', data: CONSOLE_PNG.toString('base64') }];
let w: World;

before(async () => {
  w = await World.open();
  await w.createUser(SAME, 'grid_worker', COMMUNITY);
  await w.createUser(OTHER, 'grid_worker', `${OTHER_STREET}001`);
  await w.createUser(STAFF, 'handler', COMMUNITY);
  w.t.clock.set(cst('2026-03-04T10:00:00'));
});
after(() => w?.close());

type Issue = Record<string, any> & { id: number; version: number; status: string };
const report = async (title = '绿化带垃圾', by = G): Promise<Issue> =>
  expectOk(await (await w.as(by))('POST', '/api/v1/grid/issues', { title, address: '军门社区 3 号楼', location: { lat: 26.08, lng: 119.3 }, photos }), 201) as Issue;
const act = async (by: string, i: Issue, action: string, body: Record<string, unknown> = {}) => (await w.as(by))('POST', `/api/v1/grid/issues/${i.id}/${action}`, { version: i.version, ...body });
const ok = async (by: string, i: Issue, action: string, body: Record<string, unknown> = {}) => expectOk(await act(by, i, action, body)) as Issue;

test('report → handle → verify by another worker of the grid: closed, with before and after photos and the history', async () => {
  let i = await report();
  assert.equal(i.status, 'reported');
  assert.deepEqual(i.photos.map((p: { stage: string }) => p.stage), ['before']);
  assert.deepEqual(i.allowedActions, ['handle', 'escalate']);
  // Only the reporting worker handles; an after photo is required.
  expectProblem(await act(SAME, i, 'handle', { photos }), 403, 'forbidden');
  expectProblem(await act(STAFF, i, 'handle', { photos }), 403, 'forbidden');
  expectProblem(await act(G, i, 'handle', { note: '已清理' }), 400, 'validation_failed');
  expectProblem(await act(G, i, 'verify'), 409, 'invalid_transition');
  i = await ok(G, i, 'handle', { note: '已清理', photos });
  assert.equal(i.status, 'handled');
  assert.deepEqual(i.photos.map((p: { stage: string }) => p.stage).sort(), ['after', 'before']);
  // The worker who handled it never verifies it; a worker of another grid does not even see it.
  expectProblem(await act(G, i, 'verify'), 403, 'verifier_not_allowed');
  expectProblem(await act(OTHER, i, 'verify'), 404, 'grid_issue_not_found');
  expectProblem(await act(`handler.${OTHER_STREET}`, i, 'verify'), 404, 'grid_issue_not_found');
  // The centre sees every issue but does not verify a grid's work.
  expectProblem(await act('operator', i, 'verify'), 403, 'verifier_not_allowed');
  expectProblem(await act(SAME, { ...i, version: i.version - 1 }, 'verify'), 409, 'version_conflict');
  assert.deepEqual((expectOk(await (await w.as(SAME))('GET', `/api/v1/grid/issues/${i.id}`)) as Issue).allowedActions, ['verify', 'refuse', 'escalate']);
  w.t.clock.advance(30 * 60_000);
  i = await ok(SAME, i, 'verify', { note: '现场已复核' });
  assert.equal(i.status, 'closed');
  assert.equal(i.orderId, null);
  assert.deepEqual(i.history.map((h: { type: string }) => h.type), ['issue_reported', 'issue_handled', 'issue_verified']);
  // The photos are served to whoever sees the issue, and to nobody else.
  const img = await (await w.as(SAME))('GET', `/api/v1/grid/issues/${i.id}/photos/${i.photos[0].id}`);
  assert.equal(img.statusCode, 200);
  assert.equal(img.headers['content-type'], 'image/png');
  assert.deepEqual(img.rawPayload, CONSOLE_PNG);
  expectProblem(await (await w.as(OTHER))('GET', `/api/v1/grid/issues/${i.id}/photos/${i.photos[0].id}`), 404, 'grid_issue_not_found');
  expectProblem(await (await w.as(G))('GET', `/api/v1/grid/issues/${i.id}/photos/00000000-0000-4000-8000-000000000000`), 404, 'attachment_not_found');
  expectProblem(await act(SAME, i, 'verify'), 409, 'invalid_transition');
  expectProblem(await act(G, i, 'escalate', { reason: '再报' }), 409, 'invalid_transition');
});

test('community staff verify; a refused verification becomes an order of channel grid, registered by the reporter, with the photos', async () => {
  let a = await report('井盖松动');
  a = await ok(G, a, 'handle', { photos });
  w.t.clock.advance(90 * 60_000);
  a = await ok(STAFF, a, 'verify');
  assert.equal(a.status, 'closed');
  assert.equal(a.verifierName, STAFF);

  let b = await report('路面塌陷');
  b = await ok(G, b, 'handle', { photos });
  expectProblem(await act(SAME, b, 'refuse'), 400, 'validation_failed');
  expectProblem(await act(G, b, 'refuse', { reason: '自己拒绝' }), 403, 'verifier_not_allowed');
  expectProblem(await act(OTHER, b, 'refuse', { reason: 'x' }), 404, 'grid_issue_not_found');
  b = await ok(SAME, b, 'refuse', { reason: '塌陷面积较大，需要市政维修' });
  assert.equal(b.status, 'escalated');
  assert.ok(b.orderId && b.orderNumber);
  const o = await w.get(b.orderId);
  assert.equal(o.channel, 'grid');
  assert.equal(o.status, 'registered');
  assert.match(o.description, /需要市政维修/);
  const { rows } = await w.t.s.db.query<{ n: number; by: string }>('select count(*)::int as n, max(u.username) as by from attachments a join orders o on o.id = a.order_id join users u on u.id = o.created_by where a.order_id = $1', [b.orderId]);
  assert.deepEqual(rows[0], { n: 2, by: G });
  // The order is the grid worker's patrol report from now on (their log lists it).
  const log = expectOk(await (await w.as(G))('GET', '/api/v1/grid/log?date=2026-03-04')).items as { orderId: number }[];
  assert.ok(log.some((x) => x.orderId === b.orderId));

  // The reporter escalates on their own before handling.
  let c = await report('违章搭建');
  expectProblem(await act(OTHER, c, 'escalate', { reason: 'x' }), 404, 'grid_issue_not_found');
  c = await ok(G, c, 'escalate', { reason: '超出自行处置范围' });
  assert.equal(c.status, 'escalated');
  assert.equal((await w.get(c.orderId)).channel, 'grid');
  expectProblem(await act(G, c, 'handle', { photos }), 409, 'invalid_transition');

  // Community staff escalate a handled issue instead of verifying it.
  let d = await report('树木倒伏');
  d = await ok(G, d, 'handle', { photos });
  expectProblem(await act('operator', d, 'escalate', { reason: 'x' }), 403, 'forbidden');
  d = await ok(STAFF, d, 'escalate', { reason: '树木较大，需园林部门处理' });
  assert.equal(d.status, 'escalated');
});

test('scope: a grid worker sees its grid, units their subtree, the centre all; only grid workers report', async () => {
  const away = await report('外街问题', OTHER);
  const ids = async (who: string) => ((expectOk(await (await w.as(who))('GET', '/api/v1/grid/issues')) as unknown as { items: Issue[] }).items).map((x) => x.id);
  assert.ok(!(await ids(G)).includes(away.id));
  assert.ok((await ids(SAME)).length >= 5);
  assert.deepEqual(await ids(OTHER), [away.id]);
  assert.deepEqual(await ids(`handler.${OTHER_STREET}`), [away.id]);
  assert.ok((await ids('supervisor')).includes(away.id));
  assert.ok(!(await ids(STAFF)).includes(away.id));
  expectProblem(await (await w.as(G))('GET', `/api/v1/grid/issues/${away.id}`), 404, 'grid_issue_not_found');
  for (const who of ['operator', STAFF, 'admin']) {
    expectProblem(await (await w.as(who))('POST', '/api/v1/grid/issues', { title: 'x', photos }), 403, 'forbidden');
  }
  expectProblem(await (await w.as(G))('POST', '/api/v1/grid/issues', { title: '没有照片', photos: [] }), 400, 'validation_failed');
  expectProblem(await (await w.as(G))('POST', '/api/v1/grid/issues', { title: '不是照片', photos: [{ data: Buffer.from('%PDF-1.4 hello').toString('base64') }] }), 415, 'attachment_type_not_allowed');
  const toAct = (expectOk(await (await w.as(SAME))('GET', '/api/v1/grid/issues?toAct=true')) as unknown as { items: Issue[] }).items;
  assert.ok(toAct.every((x) => x.allowedActions.length > 0));
});

test('self-handling statistics: issues, closed, escalated, waiting, median verification time, self-handled share', async () => {
  const s = expectOk(await (await w.as('supervisor'))('GET', '/api/v1/grid/issues/stats?month=2026-03')) as unknown as { items: Record<string, any>[] };
  const c = s.items.find((x) => x.unitId === w.units.id(COMMUNITY))!;
  assert.equal(c.issues, 5);
  assert.equal(c.closed, 2);
  assert.equal(c.escalated, 3);
  assert.equal(c.waiting, 0);
  assert.equal(c.verifyMinutes, 60); // median of 30 and 90 minutes
  // Escalated issues became orders, but are not counted twice: 2 closed out of 5 findings.
  assert.equal(c.patrolReports, 0);
  assert.equal(c.selfHandledShare, 0.4);
  const mine = expectOk(await (await w.as(OTHER))('GET', '/api/v1/grid/issues/stats?month=2026-03')) as unknown as { items: Record<string, any>[] };
  assert.deepEqual(mine.items.map((x) => x.unitId), [w.units.id(`${OTHER_STREET}001`)]);
  expectProblem(await (await w.as(G))('GET', '/api/v1/grid/issues/stats?month=2026-13'), 400, 'validation_failed');
});
