// Micro-projects 微实事 and 居民恳谈日: proposed → voting → approved → in_progress → done (or rejected), every transition
// allowed and forbidden by role and scope; one vote per verified phone per project, also under concurrent votes;
// meetings linked to proposals and orders; results public on the portal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMUNITY, cst, expectOk, expectProblem, OTHER_STREET, USER_OF_ROLE, World } from '../core/_support';
import { codeFor, resident } from '../portal/_support';

const STAFF = `handler.${COMMUNITY}`;
const AWAY = `handler.${OTHER_STREET}`;
let w: World;
let r: ReturnType<typeof resident>;
type Project = Record<string, any> & { id: number; version: number; status: string };
let p: Project;

before(async () => {
  w = await World.open();
  await w.createUser(STAFF, 'handler', COMMUNITY);
  r = resident(w.t);
  w.t.clock.set(cst('2026-03-05T10:00:00'));
});
after(() => w?.close());

const act = async (who: string, x: Project, action: string, body: Record<string, unknown> = {}) => (await w.as(who))('POST', `/api/v1/projects/${x.id}/${action}`, { version: x.version, ...body });
const ok = async (who: string, x: Project, action: string, body: Record<string, unknown> = {}) => expectOk(await act(who, x, action, body)) as Project;
const vote = (id: number, phone: string, code: string) => r('POST', `/api/v1/portal/projects/${id}/vote`, { phone, code });

test('a meeting 恳谈日 records topics and decisions and links a proposal and an order', async () => {
  const c = await w.as(STAFF);
  const order = await w.reach('accepted');
  const m = expectOk(await c('POST', '/api/v1/meetings', { communityId: w.units.id(COMMUNITY), heldOn: '2026-03-04', place: '军门社区党群服务中心', attendees: 36, topics: ['加装电梯', '路灯'], decisions: ['提出口袋公园微实事'], orderIds: [order.id] }), 201);
  assert.deepEqual(m.orderIds, [order.id]);
  p = expectOk(await c('POST', '/api/v1/projects', { communityId: w.units.id(COMMUNITY), title: '口袋公园改造', description: '闲置空地改为口袋公园', budget: 80000, source: 'meeting', meetingId: m.id }), 201) as Project;
  assert.equal(p.status, 'proposed');
  assert.deepEqual(p.meetings.map((x: { id: number }) => x.id), [m.id]);
  assert.deepEqual(p.allowedActions, ['open-voting', 'reject']);
  // Scope and roles: another street's staff do not see this community; a grid worker, the centre's operator do not record.
  expectProblem(await (await w.as(AWAY))('POST', '/api/v1/meetings', { communityId: w.units.id(COMMUNITY), heldOn: '2026-03-04', place: 'x', attendees: 1, topics: [], decisions: [] }), 404, 'unit_not_found');
  expectProblem(await (await w.as(AWAY))('POST', '/api/v1/projects', { communityId: w.units.id(COMMUNITY), title: '越界', budget: 1, source: 'resident' }), 404, 'unit_not_found');
  for (const who of [USER_OF_ROLE.grid_worker, 'operator', 'leader']) expectProblem(await (await w.as(who))('POST', '/api/v1/projects', { communityId: w.units.id(COMMUNITY), title: '无权', budget: 1, source: 'resident' }), 403, 'forbidden');
  expectProblem(await (await w.as(USER_OF_ROLE.grid_worker))('GET', '/api/v1/projects'), 403, 'forbidden');
  expectProblem(await c('POST', '/api/v1/projects', { communityId: w.units.id(COMMUNITY), title: '热点', budget: 1, source: 'hotspot' }), 400, 'validation_failed');
  expectProblem(await c('POST', '/api/v1/projects', { communityId: w.units.id(COMMUNITY), title: '热点', budget: 1, source: 'hotspot', hotspotId: 'no-such-hotspot' }), 404, 'not_found');
  expectProblem(await c('POST', '/api/v1/projects', { communityId: w.units.id(COMMUNITY), title: '热点', budget: 1, source: 'resident', hotspotId: 'h1' }), 400, 'validation_failed');
  // A hotspot of the current list: its label stays with the proposal.
  await w.t.s.db.query(`insert into insight_hotspots (window_days, id, computed_at, label, keywords, order_ids, order_units, order_streets, category_ids, count, distinct_requesters, previous, growth, unresolved_share, score)
    values (7, 'h-lamp', now(), '军门社区路灯不亮', '{路灯}', '{}', '{}', '{}', '{}', 5, 4, 1, 4, 0.6, 9)`);
  const hp = expectOk(await c('POST', '/api/v1/projects', { communityId: w.units.id(COMMUNITY), title: '路灯改造', budget: 9000, source: 'hotspot', hotspotId: 'h-lamp' }), 201);
  assert.equal(hp.hotspotLabel, '军门社区路灯不亮');
  expectProblem(await c('POST', '/api/v1/meetings', { communityId: w.units.id(COMMUNITY), heldOn: '2026-02-30', place: 'x', attendees: 1, topics: [], decisions: [] }), 400, 'invalid_date');
  // An order outside the user's unit cannot be linked.
  const away = await w.create({ title: '别的街道', address: '鼓楼区' });
  const sub = await (await w.as(STAFF))('POST', '/api/v1/meetings', { communityId: w.units.id(COMMUNITY), heldOn: '2026-03-04', place: 'x', attendees: 1, topics: [], decisions: [], orderIds: [away.id] });
  expectProblem(sub, 404, 'order_not_found');
  assert.equal((expectOk(await c('GET', '/api/v1/meetings')).items as unknown[]).length, 1);
  assert.ok(!(expectOk(await (await w.as(AWAY))('GET', '/api/v1/projects')).items as Project[]).some((x) => x.id === p.id));
  expectProblem(await (await w.as(AWAY))('GET', `/api/v1/projects/${p.id}`), 404, 'project_not_found');
  // Not on the portal until it is put to the vote.
  expectProblem(await r('GET', `/api/v1/portal/projects/${p.id}`), 404, 'project_not_found');
});

test('the vote: open by staff, one vote per verified phone (also when the same phone votes twice at once), closed at the end', async () => {
  expectProblem(await act(AWAY, p, 'open-voting'), 404, 'project_not_found');
  expectProblem(await act('leader', p, 'open-voting'), 403, 'forbidden');
  expectProblem(await act(STAFF, p, 'approve'), 409, 'invalid_transition');
  expectProblem(await act(STAFF, p, 'open-voting', { voteEndsAt: '2026-03-01T00:00:00+08:00' }), 400, 'validation_failed');
  const early = await codeFor(w.t, r, '13811112222', 'vote');
  expectProblem(await vote(p.id, '13811112222', early), 404, 'project_not_found');
  p = await ok(STAFF, p, 'open-voting', { voteEndsAt: '2026-03-12T18:00:00+08:00' });
  assert.equal(p.status, 'voting');
  expectProblem(await act(STAFF, { ...p, version: p.version - 1 }, 'reject'), 409, 'version_conflict');

  // The same phone twice at once, with its code: exactly one vote counts.
  const code = await codeFor(w.t, r, '13811112222', 'vote');
  const both = await Promise.all([vote(p.id, '13811112222', code), vote(p.id, '13811112222', code)]);
  assert.equal(both.filter((x) => x.statusCode === 200).length, 1, both.map((x) => x.body).join(' | '));
  assert.ok(both.some((x) => x.statusCode === 409 || x.statusCode === 422), both.map((x) => x.body).join(' | '));
  // A new code for the same phone does not give a second vote.
  const again = await codeFor(w.t, r, '13811112222', 'vote');
  expectProblem(await vote(p.id, '+86 138 1111 2222', again), 409, 'already_voted');
  // A code sent for another purpose does not vote.
  const need = await codeFor(w.t, r, '13833334444', 'need');
  expectProblem(await vote(p.id, '13833334444', need), 422, 'otp_expired');
  const c2 = await codeFor(w.t, r, '13833334444', 'vote');
  assert.equal(expectOk(await vote(p.id, '13833334444', c2)).votes, 2);
  const { rows } = await w.t.s.db.query<{ n: number }>('select count(*)::int as n from project_votes where project_id = $1', [p.id]);
  assert.equal(rows[0].n, 2);
  // The unique index holds even for a writer that skips the service.
  await assert.rejects(w.t.s.db.query('insert into project_votes (project_id, phone_hash, created_at) select project_id, phone_hash, created_at from project_votes where project_id = $1 limit 1', [p.id]));
  const pub = expectOk(await r('GET', `/api/v1/portal/projects/${p.id}`));
  assert.equal(pub.votes, 2);
  assert.equal(pub.votingOpen, true);
  assert.ok(!JSON.stringify(pub).includes('proposerName'));
  expectProblem(await act(STAFF, p, 'approve'), 409, 'invalid_transition');
  w.t.clock.set(cst('2026-03-12T18:00:01'));
  const late = await codeFor(w.t, r, '13855556666', 'vote');
  expectProblem(await vote(p.id, '13855556666', late), 409, 'voting_closed');
});

test('approved → in progress → done with a result published on the portal; reject; a resident\'s proposal', async () => {
  p = expectOk(await (await w.as(STAFF))('GET', `/api/v1/projects/${p.id}`)) as Project;
  p = await ok(STAFF, p, 'approve');
  assert.equal(p.status, 'approved');
  expectProblem(await act(STAFF, p, 'finish', { result: '完工' }), 409, 'invalid_transition');
  expectProblem(await act(STAFF, p, 'reject'), 409, 'invalid_transition');
  expectProblem(await act(USER_OF_ROLE.grid_worker, p, 'start'), 403, 'forbidden');
  expectProblem(await act(AWAY, p, 'start'), 404, 'project_not_found');
  p = await ok(STAFF, p, 'start');
  expectProblem(await act(STAFF, p, 'finish'), 400, 'validation_failed');
  expectProblem(await act(AWAY, p, 'finish', { result: '完工' }), 404, 'project_not_found');
  p = await ok(USER_OF_ROLE.unit_leader, p, 'finish', { result: '口袋公园已建成，4 月 1 日开放' });
  assert.equal(p.status, 'done');
  assert.deepEqual(p.history.map((h: { type: string }) => h.type), ['proposed', 'voting_opened', 'approved', 'started', 'finished']);
  assert.deepEqual(p.allowedActions, []);
  const list = expectOk(await r('GET', '/api/v1/portal/projects')).items as Record<string, any>[];
  const mine = list.find((x) => x.id === p.id)!;
  assert.equal(mine.result, '口袋公园已建成，4 月 1 日开放');
  assert.equal(mine.meetings[0].attendees, 36);

  // A resident proposes on the portal (verified phone); staff reject it.
  const code = await codeFor(w.t, r, '13877778888', 'need');
  const rp = expectOk(await r('POST', '/api/v1/portal/projects', { communityId: w.units.id(COMMUNITY), title: '增设快递柜', budget: 5000, name: '周先生', phone: '13877778888', code }), 201);
  assert.equal(rp.status, 'proposed');
  let q = expectOk(await (await w.as(STAFF))('GET', `/api/v1/projects/${rp.id}`)) as Project;
  assert.equal(q.source, 'resident');
  assert.equal(q.fromPortal, true);
  q = await ok(STAFF, q, 'reject', { note: '已有快递柜' });
  assert.equal(q.status, 'rejected');
  expectProblem(await act(STAFF, q, 'open-voting'), 409, 'invalid_transition');
  assert.ok(!(expectOk(await r('GET', '/api/v1/portal/projects')).items as { id: number }[]).some((x) => x.id === q.id));
});
