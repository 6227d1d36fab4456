// Micro-projects 微实事 and residents' meetings 居民恳谈日 (DOMAIN §10, docs/MICROPROJECTS.md). A proposal (from a
// resident, a meeting or a hotspot) with a budget goes proposed → voting → approved → in_progress → done (or
// rejected); residents vote on the portal, one vote per verified phone per project (a unique index on
// (project_id, phone_hash) decides between concurrent votes); meetings record date, place, attendees, topics and
// decisions and link proposals and orders. States are data (PROJECT_TRANSITIONS); each change appends a
// project_events row in its transaction. Results are public on the portal.
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import { mobileOrFail, phoneHash, type OtpService } from '../portal/otp';
import type { Limiter } from '../portal/limits';
import type { AuthUser } from '../users/users.repo';
import type { OrdersService } from '../orders/orders.service';
import { parseDate } from '../sla/timezone';
import { STAFF_WRITE } from '../volunteers/volunteers.service';

export const PROJECT_STATES = ['proposed', 'voting', 'approved', 'in_progress', 'done', 'rejected'] as const;
export type ProjectState = (typeof PROJECT_STATES)[number];
export const PROJECT_ACTIONS = ['open-voting', 'approve', 'reject', 'start', 'finish'] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];
export const PROJECT_SOURCES = ['resident', 'meeting', 'hotspot'] as const;

/** The typed events of a project's history (project_events), one payload type per event. */
export interface ProjectEventPayloads {
  proposed: { source: string; budget: number };
  voting_opened: { note: string | null; voteEndsAt: string };
  approved: { note: string | null; votes: number };
  rejected: { note: string | null };
  started: { note: string | null };
  finished: { note: string | null; result: string };
  meeting_linked: { meetingId: number };
}
export type ProjectEventType = keyof ProjectEventPayloads;
export interface ProjectTransition { action: ProjectAction; from: readonly ProjectState[]; to: ProjectState }
/** Every transition is community staff's (a handler / unit leader of the community or a unit above it; the centre's admin). */
export const PROJECT_TRANSITIONS: readonly ProjectTransition[] = [
  { action: 'open-voting', from: ['proposed'], to: 'voting' },
  { action: 'approve', from: ['voting'], to: 'approved' },
  { action: 'reject', from: ['proposed', 'voting'], to: 'rejected' },
  { action: 'start', from: ['approved'], to: 'in_progress' },
  { action: 'finish', from: ['in_progress'], to: 'done' },
];
/** States shown on the portal (a proposal not yet put to the vote is the community's, a rejected one too). */
export const PUBLIC_STATES: readonly ProjectState[] = ['voting', 'approved', 'in_progress', 'done'];

interface ProjectRow {
  id: number; communityId: number; communityName: string; communityPath: string; title: string; description: string; budget: number; source: string; hotspotId: string | null; hotspotLabel: string | null;
  proposerName: string | null; proposerHash: string | null; status: ProjectState; voteEndsAt: Date | null; votes: number; result: string | null; version: number; createdAt: Date; updatedAt: Date;
}
const SELECT = `select p.id, p.community_id as "communityId", c.name as "communityName", c.path as "communityPath", p.title, p.description, p.budget, p.source,
  p.hotspot_id as "hotspotId", p.hotspot_label as "hotspotLabel", p.proposer_name as "proposerName", p.proposer_hash as "proposerHash", p.status, p.vote_ends_at as "voteEndsAt", p.votes, p.result, p.version,
  p.created_at as "createdAt", p.updated_at as "updatedAt" from projects p join units c on c.id = p.community_id`;

export interface ProposalInput { communityId: number; title: string; description?: string; budget: number; source: (typeof PROJECT_SOURCES)[number]; hotspotId?: string; meetingId?: number; proposerName?: string }
export interface MeetingInput { communityId: number; heldOn: string; place: string; attendees: number; topics: string[]; decisions: string[]; projectIds?: number[]; orderIds?: number[] }

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function projectsService(d: { db: Db; clock: Clock; tz: string; otp: OtpService; limits: Limiter; orders: () => OrdersService }) {
  const { db, clock } = d;
  const scope = (user: AuthUser, params: unknown[]) => {
    if (user.isCenter) return 'true';
    params.push(user.unitPath);
    return `c.path like $${params.length} || '%'`;
  };
  const canWrite = (user: AuthUser) => STAFF_WRITE.includes(user.role) && (!user.isCenter || user.role === 'admin');
  async function communityOrFail(user: AuthUser | null, id: number) {
    const { rows } = await db.query<{ id: number; path: string; type: string; name: string }>('select id, path, type, name from units where id = $1', [id]);
    const u = rows[0];
    if (!u || (user && !user.isCenter && !u.path.startsWith(user.unitPath))) fail('unit_not_found', `unit ${id} does not exist or is outside your unit`);
    if (u.type !== 'community') fail('unit_not_assignable', `${u.name} is a ${u.type}; micro-projects and meetings belong to a community`);
    return u;
  }
  async function load(id: number, q: Queryable = db) {
    return (await q.query<ProjectRow>(`${SELECT} where p.id = $1`, [id])).rows[0] ?? null;
  }
  async function loadVisible(user: AuthUser, id: number) {
    const params: unknown[] = [id];
    const { rows } = await db.query<ProjectRow>(`${SELECT} where p.id = $1 and ${scope(user, params)}`, params);
    if (!rows[0]) fail('project_not_found', `micro-project ${id} does not exist or is outside your unit`);
    return rows[0];
  }
  async function meetingsOf(projectIds: number[]) {
    if (!projectIds.length) return new Map<number, { id: number; heldOn: string; place: string; attendees: number; decisions: string[] }[]>();
    const { rows } = await db.query<{ projectId: number; id: number; heldOn: string; place: string; attendees: number; decisions: string[] }>(
      `select l.project_id as "projectId", m.id, to_char(m.held_on, 'YYYY-MM-DD') as "heldOn", m.place, m.attendees, m.decisions
       from meeting_links l join meetings m on m.id = l.meeting_id where l.project_id = any($1::int[]) order by m.held_on, m.id`, [projectIds]);
    const out = new Map<number, { id: number; heldOn: string; place: string; attendees: number; decisions: string[] }[]>();
    for (const { projectId, ...m } of rows) out.set(projectId, [...(out.get(projectId) ?? []), m]);
    return out;
  }
  function publicView(p: ProjectRow, meetings: { id: number; heldOn: string; place: string; attendees: number; decisions: string[] }[]) {
    return {
      id: p.id, communityName: p.communityName, title: p.title, description: p.description, budget: p.budget, source: p.source, status: p.status, votes: p.votes,
      voteEndsAt: iso(p.voteEndsAt), votingOpen: p.status === 'voting' && !!p.voteEndsAt && p.voteEndsAt > clock.now(), result: p.result, meetings, updatedAt: p.updatedAt.toISOString(),
    };
  }
  function staffView(user: AuthUser, p: ProjectRow, meetings: { id: number; heldOn: string; place: string; attendees: number; decisions: string[] }[]) {
    return {
      ...publicView(p, meetings), communityId: p.communityId, hotspotId: p.hotspotId, hotspotLabel: p.hotspotLabel, proposerName: p.proposerName, fromPortal: p.proposerHash !== null, version: p.version,
      createdAt: p.createdAt.toISOString(), allowedActions: canWrite(user) ? PROJECT_TRANSITIONS.filter((t) => t.from.includes(p.status)).map((t) => t.action) : [],
    };
  }
  async function addEvent<T extends ProjectEventType>(q: Queryable, id: number, type: T, actorId: number | null, at: Date, payload: ProjectEventPayloads[T]) {
    await q.query('insert into project_events (project_id, type, actor_id, at, payload) values ($1,$2,$3,$4,$5)', [id, type, actorId, at, JSON.stringify(payload)]);
  }
  async function insertProject(q: Queryable, p: ProposalInput & { proposerHash: string | null; by: number | null; hotspotLabel?: string | null }, at: Date) {
    const { rows } = await q.query<{ id: number }>(
      `insert into projects (community_id, title, description, budget, source, hotspot_id, hotspot_label, proposer_name, proposer_hash, status, created_by, created_at, updated_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,'proposed',$10,$11,$11) returning id`,
      [p.communityId, p.title.trim(), p.description ?? '', p.budget, p.source, p.hotspotId ?? null, p.hotspotLabel ?? null, p.proposerName?.trim() || null, p.proposerHash, p.by, at]);
    await addEvent(q, rows[0].id, 'proposed', p.by, at, { source: p.source, budget: p.budget });
    return rows[0].id;
  }
  async function meetingOrFail(user: AuthUser, id: number) {
    const params: unknown[] = [id];
    const { rows } = await db.query<{ id: number; communityId: number }>(`select m.id, m.community_id as "communityId" from meetings m join units c on c.id = m.community_id where m.id = $1 and ${scope(user, params)}`, params);
    if (!rows[0]) fail('meeting_not_found', `meeting ${id} does not exist or is outside your unit`);
    return rows[0];
  }

  return {
    async list(user: AuthUser, f: { status?: ProjectState }) {
      const params: unknown[] = [];
      const where = [scope(user, params)];
      if (f.status) { params.push(f.status); where.push(`p.status = $${params.length}`); }
      const { rows } = await db.query<ProjectRow>(`${SELECT} where ${where.join(' and ')} order by p.created_at desc, p.id desc limit 500`, params);
      const m = await meetingsOf(rows.map((r) => r.id));
      return { items: rows.map((r) => staffView(user, r, m.get(r.id) ?? [])) };
    },

    async get(user: AuthUser, id: number) {
      const p = await loadVisible(user, id);
      const { rows } = await db.query<{ type: string; actorName: string | null; at: Date; payload: Record<string, unknown> }>(
        'select e.type, u.display_name as "actorName", e.at, e.payload from project_events e left join users u on u.id = e.actor_id where e.project_id = $1 order by e.id', [id]);
      return { ...staffView(user, p, (await meetingsOf([id])).get(id) ?? []), history: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
    },

    async propose(user: AuthUser, input: ProposalInput) {
      await communityOrFail(user, input.communityId);
      if (input.meetingId !== undefined) {
        const m = await meetingOrFail(user, input.meetingId);
        if (m.communityId !== input.communityId) fail('validation_failed', 'the meeting belongs to another community', { errors: [{ path: '/body/meetingId', message: 'other community' }] });
      }
      if (input.source === 'hotspot' && input.hotspotId === undefined) fail('validation_failed', 'a proposal from a hotspot names it (hotspotId)', { errors: [{ path: '/body/hotspotId', message: 'required' }] });
      if (input.source !== 'hotspot' && input.hotspotId !== undefined) fail('validation_failed', 'only a proposal from a hotspot names one (hotspotId)', { errors: [{ path: '/body/hotspotId', message: 'not a hotspot proposal' }] });
      // Hotspots are recomputed (their ids come and go): the label is kept with the proposal as it was then.
      const hotspotLabel = input.hotspotId === undefined ? null
        : (await db.query<{ label: string }>('select label from insight_hotspots where id = $1 order by computed_at desc limit 1', [input.hotspotId])).rows[0]?.label;
      if (hotspotLabel === undefined) fail('not_found', `no hotspot ${input.hotspotId} in the current hotspot list`);
      const id = await db.tx(async (q) => {
        const pid = await insertProject(q, { ...input, proposerHash: null, by: user.id, hotspotLabel }, clock.now());
        if (input.meetingId !== undefined) await q.query('insert into meeting_links (meeting_id, project_id) values ($1,$2)', [input.meetingId, pid]);
        return pid;
      });
      return this.get(user, id);
    },

    async act(user: AuthUser, id: number, action: ProjectAction, b: { version: number; voteEndsAt?: string; result?: string; note?: string }) {
      const p = await loadVisible(user, id);
      if (!canWrite(user)) fail('forbidden', 'micro-projects are moved on by community staff');
      const t = PROJECT_TRANSITIONS.find((x) => x.action === action)!;
      if (!t.from.includes(p.status)) fail('invalid_transition', `cannot ${action} a project that is ${p.status}; allowed from ${t.from.join(', ')}`);
      if (b.version !== p.version) fail('version_conflict', `the project is at version ${p.version}; reload and try again`);
      const now = clock.now();
      let sets = '';
      const args: unknown[] = [];
      if (action === 'open-voting') {
        const ends = b.voteEndsAt ? new Date(b.voteEndsAt) : new Date(now.getTime() + 7 * 86_400_000);
        if (Number.isNaN(ends.getTime())) fail('invalid_date', `voteEndsAt "${b.voteEndsAt}" is not a valid ISO 8601 time`);
        if (ends <= now) fail('validation_failed', 'the voting must end in the future (voteEndsAt)', { errors: [{ path: '/body/voteEndsAt', message: 'in the past' }] });
        sets = ', vote_ends_at = $5';
        args.push(ends);
      }
      if (action === 'approve' && p.voteEndsAt && p.voteEndsAt > now) fail('invalid_transition', `voting is open until ${p.voteEndsAt.toISOString()}; approve after it ends`);
      if (action === 'finish') {
        if (!b.result?.trim()) fail('validation_failed', 'describe the result to publish (result)', { errors: [{ path: '/body/result', message: 'required' }] });
        sets = ', result = $5';
        args.push(b.result.trim());
      }
      await db.tx(async (q) => {
        const { rowCount } = await q.query(`update projects set status = $3, version = version + 1, updated_at = $4${sets} where id = $1 and version = $2`, [id, p.version, t.to, now, ...args]);
        if (!rowCount) fail('version_conflict', 'the project changed meanwhile; reload and try again');
        const note = b.note ?? null;
        if (action === 'open-voting') await addEvent(q, id, 'voting_opened', user.id, now, { note, voteEndsAt: (args[0] as Date).toISOString() });
        else if (action === 'approve') await addEvent(q, id, 'approved', user.id, now, { note, votes: p.votes });
        else if (action === 'finish') await addEvent(q, id, 'finished', user.id, now, { note, result: args[0] as string });
        else await addEvent(q, id, action === 'reject' ? 'rejected' : 'started', user.id, now, { note });
      });
      return this.get(user, id);
    },

    async meetings(user: AuthUser) {
      const params: unknown[] = [];
      const { rows } = await db.query<{ id: number; communityId: number; communityName: string; heldOn: string; place: string; attendees: number; topics: string[]; decisions: string[]; projectIds: number[]; orderIds: number[]; createdAt: Date }>(
        `select m.id, m.community_id as "communityId", c.name as "communityName", to_char(m.held_on, 'YYYY-MM-DD') as "heldOn", m.place, m.attendees, m.topics, m.decisions,
           coalesce((select array_agg(l.project_id order by l.project_id) from meeting_links l where l.meeting_id = m.id and l.project_id is not null), '{}') as "projectIds",
           coalesce((select array_agg(l.order_id order by l.order_id) from meeting_links l where l.meeting_id = m.id and l.order_id is not null), '{}') as "orderIds", m.created_at as "createdAt"
         from meetings m join units c on c.id = m.community_id where ${scope(user, params)} order by m.held_on desc, m.id desc limit 300`, params);
      return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
    },

    async addMeeting(user: AuthUser, m: MeetingInput) {
      if (!canWrite(user)) fail('forbidden', 'meetings are recorded by community staff');
      await communityOrFail(user, m.communityId);
      parseDate(m.heldOn);
      const projectIds = [...new Set(m.projectIds ?? [])];
      const orderIds = [...new Set(m.orderIds ?? [])];
      for (const pid of projectIds) {
        const p = await load(pid);
        if (!p || p.communityId !== m.communityId) fail('project_not_found', `micro-project ${pid} does not exist in this community`);
      }
      for (const oid of orderIds) await d.orders().loadVisible(user, oid);
      const id = await db.tx(async (q) => {
        const { rows } = await q.query<{ id: number }>(
          'insert into meetings (community_id, held_on, place, attendees, topics, decisions, created_by, created_at) values ($1,$2,$3,$4,$5,$6,$7,$8) returning id',
          [m.communityId, m.heldOn, m.place, m.attendees, JSON.stringify(m.topics), JSON.stringify(m.decisions), user.id, clock.now()]);
        for (const pid of projectIds) {
          await q.query('insert into meeting_links (meeting_id, project_id) values ($1,$2)', [rows[0].id, pid]);
          await addEvent(q, pid, 'meeting_linked', user.id, clock.now(), { meetingId: rows[0].id });
        }
        for (const oid of orderIds) await q.query('insert into meeting_links (meeting_id, order_id) values ($1,$2)', [rows[0].id, oid]);
        return rows[0].id;
      });
      return (await this.meetings(user)).items.find((x) => x.id === id)!;
    },

    // ---- portal ----
    async publicList() {
      const { rows } = await db.query<ProjectRow>(`${SELECT} where p.status in (${PUBLIC_STATES.map((s) => `'${s}'`).join(',')}) order by p.updated_at desc, p.id desc limit 200`);
      const m = await meetingsOf(rows.map((r) => r.id));
      return { items: rows.map((r) => publicView(r, m.get(r.id) ?? [])) };
    },

    async publicGet(id: number) {
      const p = await load(id);
      if (!p || !PUBLIC_STATES.includes(p.status)) fail('project_not_found', '没有找到这个微实事项目。');
      return publicView(p, (await meetingsOf([id])).get(id) ?? []);
    },

    /** A resident's proposal (one-time code, purpose need: a resident's posting). */
    async proposeByResident(input: { communityId: number; title: string; description?: string; budget: number; name?: string; phone: string; code: string }, ip: string) {
      await d.limits.take({ scope: 'proposal_ip_day', max: 20, windowMs: 86_400_000, says: '同一网络每天最多提交 20 个微实事建议' }, ip, clock.now());
      const mobile = mobileOrFail(input.phone);
      await communityOrFail(null, input.communityId);
      const otpId = await d.otp.check(mobile, 'need', input.code);
      const id = await db.tx(async (q) => {
        await d.otp.consume(q, otpId, null);
        return insertProject(q, { communityId: input.communityId, title: input.title, description: input.description, budget: input.budget, source: 'resident', proposerName: input.name, proposerHash: phoneHash(mobile), by: null }, clock.now());
      });
      return { id, status: 'proposed' as const };
    },

    /** One vote per verified phone per project: the code is spent and the vote row inserted together; the unique index refuses a second. */
    async vote(id: number, b: { phone: string; code: string }) {
      const mobile = mobileOrFail(b.phone);
      const hash = phoneHash(mobile);
      const now = clock.now();
      const p = await load(id);
      if (!p || !PUBLIC_STATES.includes(p.status)) fail('project_not_found', '没有找到这个微实事项目。');
      if (p.status !== 'voting' || !p.voteEndsAt || p.voteEndsAt <= now) fail('voting_closed', '这个项目现在不在投票期。');
      // The code first: whether a phone has voted is told only to whoever holds the phone.
      const otpId = await d.otp.check(mobile, 'vote', b.code);
      const { rows: had } = await db.query('select 1 from project_votes where project_id = $1 and phone_hash = $2', [id, hash]);
      if (had.length) fail('already_voted', '这个手机号已经为这个项目投过票了。');
      return db.tx(async (q) => {
        const ins = await q.query('insert into project_votes (project_id, phone_hash, created_at) values ($1,$2,$3) on conflict (project_id, phone_hash) do nothing returning 1', [id, hash, now]);
        if (!ins.rows.length) fail('already_voted', '这个手机号已经为这个项目投过票了。');
        await d.otp.consume(q, otpId, null);
        const { rows } = await q.query<{ votes: number }>(`update projects set votes = votes + 1 where id = $1 and status = 'voting' and vote_ends_at > $2 returning votes`, [id, now]);
        if (!rows[0]) fail('voting_closed', '这个项目现在不在投票期。');
        return { projectId: id, votes: rows[0].votes };
      });
    },
  };
}
export type ProjectsService = ReturnType<typeof projectsService>;
