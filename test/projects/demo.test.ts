// The demo data of issue 13 (server and CLI seeds): a grid with a week of patrols and self-handled issues,
// volunteers with tasks in every state, a micro-project under vote and a finished one with its meeting.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cst, expectOk, World } from '../core/_support';
import { demoCommunity } from '../../src/modules/projects/demo';

let w: World;
before(async () => {
  w = await World.open();
  w.t.clock.set(cst('2026-03-10T09:00:00'));
  assert.equal(await demoCommunity(w.t.s, async (name) => (await w.t.s.users.byUsername(name))!), true);
});
after(() => w?.close());

test('a grid with a week of patrols and self-handled issues; the mate has one to verify', async () => {
  const { rows } = await w.t.s.db.query<{ code: string }>(`select code from units where type = 'grid' and parent_id = (select id from units where type = 'community' and code like '350102006%' order by code limit 1) order by code limit 1`);
  const grid = rows[0].code;
  const days: number[] = [];
  for (let d = 2; d <= 9; d++) days.push((expectOk(await (await w.as('supervisor'))('GET', `/api/v1/grid/log?date=2026-03-0${d}`)) as unknown as { items: unknown[] }).items.length);
  // One patrol report a day for the week before, plus the escalated issue's order.
  assert.deepEqual(days.slice(1).map((n) => n > 0), [true, true, true, true, true, true, true], `patrols per day ${days}`);
  assert.equal(days.reduce((a, b) => a + b, 0), 8);
  const issues = (expectOk(await (await w.as(`grid.${grid}`))('GET', '/api/v1/grid/issues')) as unknown as { items: { status: string; allowedActions: string[] }[] }).items;
  assert.deepEqual(issues.map((i) => i.status).sort(), ['closed', 'closed', 'closed', 'escalated', 'handled']);
  assert.ok(issues.some((i) => i.status === 'handled' && i.allowedActions.includes('verify')), 'the mate may verify the waiting issue');
  const stats = expectOk(await (await w.as('supervisor'))('GET', '/api/v1/grid/issues/stats?month=2026-03')) as unknown as { items: Record<string, number>[] };
  assert.ok(stats.items.some((s) => s.issues === 5 && s.closed === 3 && s.escalated === 1 && s.waiting === 1));
});

test('volunteers and tasks in every state; a vote under way and a finished project on the portal', async () => {
  const board = expectOk(await w.t.app.inject({ url: '/api/v1/portal/volunteer/board' })) as unknown as { items: Record<string, number>[] };
  assert.ok(board.items.some((b) => b.volunteers === 4 && b.partyMembers === 2 && b.done === 1 && b.hours === 2 && b.open === 3));
  const projects = (expectOk(await w.t.app.inject({ url: '/api/v1/portal/projects' })) as unknown as { items: { status: string; votes: number; votingOpen: boolean; result: string | null; meetings: unknown[] }[] }).items;
  const voting = projects.find((p) => p.status === 'voting')!;
  assert.equal(voting.votingOpen, true);
  assert.equal(voting.votes, 23);
  const done = projects.find((p) => p.status === 'done')!;
  assert.match(done.result!, /座椅/);
  assert.equal(done.meetings.length, 1);
});
