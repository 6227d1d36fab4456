// Demo data for grid management, volunteers and micro-projects (issue 13), replayed relative to now like the demo
// orders, in the first community of 南街街道 (350102006, away from the streets the tests work in):
// - a grid with two grid workers and a week of patrols: one patrol report a day (the older ones dispatched to the
//   street and signed) and self-handled issues — three verified, one handled and waiting for the mate's
//   verification, one escalated into an order;
// - four volunteers (two party members) and tasks in every state: confirmed (hours counted), completed, claimed,
//   published, posted;
// - micro-projects: one done with its result and the residents' meeting (恳谈日) it came from, one under vote with
//   a few votes, one proposed.
// Every step goes through the services at a past clock, so the histories are real; the demo votes alone are
// written directly (they stand for residents' verified phones, which a seed cannot have).
import { createHash, randomBytes } from 'node:crypto';
import { buildServices, type Services } from '../../services';
import { ManualClock } from '../../shared/clock';
import { hashPassword } from '../users/password';
import type { AuthUser } from '../users/users.repo';
import { phoneHash } from '../portal/otp';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PNG = `data:image/png;base64,${Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex').toString('base64')}`;
export const DEMO_COMMUNITY_STREET = '350102006';

export async function demoCommunity(s: Services, user: (name: string) => Promise<AuthUser>): Promise<boolean> {
  const { rows: cs } = await s.db.query<{ id: number; code: string; name: string }>(`select id, code, name from units where type = 'community' and code like $1 || '%' order by code limit 1`, [DEMO_COMMUNITY_STREET]);
  const community = cs[0];
  if (!community) return false;
  const { rows: gs } = await s.db.query<{ id: number; code: string }>(`select id, code from units where type = 'grid' and parent_id = $1 order by code limit 1`, [community.id]);
  const grid = gs[0];
  if (!grid) return false;
  const hash = await hashPassword(s.config.demoPassword);
  await s.users.insert({ username: `grid.${grid.code}`, displayName: '网格员林晓', passwordHash: hash, role: 'grid_worker', unitId: grid.id, isDemo: true });
  await s.users.insert({ username: `grid2.${grid.code}`, displayName: '网格员郑强', passwordHash: hash, role: 'grid_worker', unitId: grid.id, isDemo: true });
  await s.users.insert({ username: `handler.${community.code}`, displayName: `${community.name}社工`, passwordHash: hash, role: 'handler', unitId: community.id, isDemo: true });
  const g1 = await user(`grid.${grid.code}`);
  const g2 = await user(`grid2.${grid.code}`);
  const staff = await user(`handler.${community.code}`);
  const street = await user(`handler.${DEMO_COMMUNITY_STREET}`);
  const dispatcher = await user('dispatcher');
  const now = s.clock.now().getTime();
  const clock = new ManualClock(new Date(now - 7 * DAY));
  const h = buildServices(s.db, clock, s.config);
  const at = (ms: number) => clock.set(new Date(now - ms));

  // A week of patrols.
  const patrols = ['人行道地砖松动', '路灯杆广告乱贴', '小区门口占道经营', '排水沟堵塞', '废弃自行车堆放', '电动车违规充电', '围墙破损'];
  // A dispatch names a leaf category (docs/DISPATCH.md): the dispatcher classifies each dispatched patrol.
  const LEAF_OF = ['基础设施', '城管执法', '城管执法', '基础设施', '环境卫生'];
  const leafIds = new Map((await s.db.query<{ id: number; name: string }>(`select id, name from catalog_categories where level = 3 and active and name = any($1)`, [LEAF_OF])).rows.map((r) => [r.name, r.id]));
  for (const [i, title] of patrols.entries()) {
    at((7 - i) * DAY - 9.5 * HOUR);
    let o = await h.orders.create(i % 2 ? g2 : g1, { channel: 'grid', type: 'other', title, description: `巡查发现：${title}。`, address: `${community.name}辖区`, requester: { name: i % 2 ? g2.displayName : g1.displayName } });
    if (i >= 5) continue;
    at((7 - i) * DAY - 11 * HOUR);
    o = await h.orders.act(dispatcher, o.id, 'dispatch', { version: o.version, mainUnitId: street.unitId, tier: 3, categoryId: leafIds.get(LEAF_OF[i]) ?? null });
    at((7 - i) * DAY - 12 * HOUR);
    await h.orders.act(street, o.id, 'sign', { version: o.version });
  }
  // Self-handled issues: three verified, one waiting for verification, one escalated.
  const small = ['楼道杂物堆放', '绿化带垃圾', '共享单车乱停', '小广告', '井盖松动'];
  for (const [i, title] of small.entries()) {
    at((6 - i) * DAY - 14 * HOUR);
    const by = i % 2 ? g2 : g1;
    const mate = i % 2 ? g1 : g2;
    let issue = await h.selfHandle.report(by, { title, address: `${community.name} ${i + 3} 号楼`, photos: [{ name: '处置前.png', data: PNG }] });
    if (i === 4) {
      at((6 - i) * DAY - 14.5 * HOUR);
      await h.selfHandle.act(by, issue.id, 'escalate', { version: issue.version, reason: '井盖底座破损，需要市政更换' });
      continue;
    }
    at((6 - i) * DAY - 14.5 * HOUR);
    issue = await h.selfHandle.act(by, issue.id, 'handle', { version: issue.version, note: '已现场处置', photos: [{ name: '处置后.png', data: PNG }] });
    if (i === 3) continue; // waiting for the mate's verification
    at((6 - i) * DAY - 16 * HOUR);
    await h.selfHandle.act(mate, issue.id, 'verify', { version: issue.version, note: '现场复核无误' });
  }

  // Volunteers and tasks.
  const people: [string, string, boolean][] = [['陈志华', '13905910001', true], ['林美玲', '13905910002', true], ['黄家豪', '13905910003', false], ['吴秀英', '13905910004', false]];
  at(6 * DAY);
  const tokens: string[] = [];
  for (const [name, phone, party] of people) {
    const v = await h.volunteers.addVolunteer(staff, { communityId: community.id, name, phone, partyMember: party, skills: party ? '党员先锋' : '' });
    const token = randomBytes(18).toString('base64url');
    // A token good during the replay only (it expires now): the volunteers act through the portal's service.
    await s.db.query('insert into volunteer_sessions (token_hash, volunteer_id, expires_at) values ($1,$2,$3)', [createHash('sha256').update(token).digest('hex'), v.id, new Date(now)]);
    tokens.push(token);
  }
  const needs: [string, string, string, string, number][] = [
    ['elderly', '帮独居老人买菜送餐', '7 号楼 302', '王奶奶', 4], ['repair', '更换楼道感应灯', '3 号楼 2 单元', '楼长周阿姨', 3], ['errand', '代办老年卡年审', '5 号楼 101', '李大爷', 2],
    ['companion', '陪同老人复诊', '2 号楼 502', '孙奶奶', 1], ['other', '社区读书角整理', '党群服务中心', '社区居委会', 0],
  ];
  for (const [i, [kind, title, address, requesterName, stage]] of needs.entries()) {
    at((5 - i) * DAY);
    let t = await h.volunteers.postByStaff(staff, { communityId: community.id, kind: kind as 'elderly', title, address, requesterName });
    if (stage < 1) continue;
    at((5 - i) * DAY - 2 * HOUR);
    t = await h.volunteers.staffAct(staff, t.id, 'publish', { version: t.version });
    if (stage < 2) continue;
    at((5 - i) * DAY - 5 * HOUR);
    let v = await h.volunteers.volunteerAct(tokens[i % 4], t.id, 'claim', { version: t.version });
    if (stage < 3) continue;
    at((5 - i) * DAY - 9 * HOUR);
    v = await h.volunteers.volunteerAct(tokens[i % 4], t.id, 'complete', { version: v.version, note: '已完成，服务对象满意', hours: 2 });
    if (stage < 4) continue;
    at((5 - i) * DAY - 20 * HOUR);
    await h.volunteers.staffAct(staff, t.id, 'confirm', { version: v.version });
  }

  // Micro-projects and the residents' meeting.
  at(20 * DAY);
  const meeting = await h.projects.addMeeting(staff, { communityId: community.id, heldOn: new Date(now - 20 * DAY).toISOString().slice(0, 10), place: `${community.name}党群服务中心`, attendees: 42, topics: ['老旧小区休闲座椅', '楼道照明'], decisions: ['增设休闲座椅列为微实事', '楼道照明由志愿者协助排查'] });
  let done = await h.projects.propose(staff, { communityId: community.id, title: '小区休闲座椅增设', description: '在中心花园增设 12 组休闲座椅', budget: 36000, source: 'meeting', meetingId: meeting.id });
  at(19 * DAY);
  done = await h.projects.act(staff, done.id, 'open-voting', { version: done.version, voteEndsAt: new Date(now - 12 * DAY).toISOString() });
  await fakeVotes(s, done.id, 57);
  at(11 * DAY);
  done = await h.projects.act(staff, done.id, 'approve', { version: done.version });
  at(10 * DAY);
  done = await h.projects.act(staff, done.id, 'start', { version: done.version });
  at(2 * DAY);
  await h.projects.act(staff, done.id, 'finish', { version: done.version, result: '12 组座椅已安装完成并投入使用，决算 34,800 元。' });
  at(3 * DAY);
  let voting = await h.projects.propose(staff, { communityId: community.id, title: '口袋公园改造', description: '将 6 号楼旁闲置空地改造为口袋公园', budget: 80000, source: 'resident', proposerName: '居民代表张先生' });
  voting = await h.projects.act(staff, voting.id, 'open-voting', { version: voting.version, voteEndsAt: new Date(now + 4 * DAY).toISOString() });
  await fakeVotes(s, voting.id, 23);
  at(DAY);
  await h.projects.propose(staff, { communityId: community.id, title: '电动车集中充电棚', description: '解决楼道违规充电问题', budget: 50000, source: 'resident' });
  return true;
}

/** Demo votes: rows standing for residents' verified phones (hashed like the real ones). */
async function fakeVotes(s: Services, projectId: number, n: number) {
  for (let i = 0; i < n; i++) {
    await s.db.query('insert into project_votes (project_id, phone_hash, created_at) values ($1,$2,$3) on conflict do nothing', [projectId, phoneHash(`demo:${projectId}:${i}`), s.clock.now()]);
  }
  await s.db.query('update projects set votes = (select count(*) from project_votes where project_id = $1) where id = $1', [projectId]);
}
