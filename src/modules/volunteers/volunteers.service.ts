// Volunteers 群众点单、社区派单、党员接单 (DOMAIN §10, docs/VOLUNTEERS.md). A resident (portal, verified phone) or
// community staff posts a need; the community publishes it as a task; a registered volunteer (a person — party
// members flagged) claims and completes it with a note, hours and an optional photo; the requester confirms and
// the hours count. Volunteers have no console account: they sign in on the portal with a one-time code and get a
// short-lived token that reads and acts on tasks only. States are data (TASK_TRANSITIONS); every change appends a
// volunteer_task_events row in its transaction.
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import { maskPhone } from '../../shared/privacy';
import { folderStorage } from '../attachments/storage';
import { mobileOrFail, phoneHash, type OtpService } from '../portal/otp';
import { checkAndStorePhotos, type PhotoInput } from '../portal/photos';
import type { Limiter } from '../portal/limits';
import type { AuthUser } from '../users/users.repo';
import type { Role } from '../users/roles';

export const TASK_KINDS = ['elderly', 'errand', 'repair', 'companion', 'other'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_STATES = ['posted', 'published', 'claimed', 'completed', 'confirmed', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const TASK_ACTIONS = ['publish', 'claim', 'complete', 'confirm', 'cancel'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/**
 * Who acts: `staff` = a handler / unit leader of the task's community or a unit above it (the centre's admin too);
 * `volunteer` = an active volunteer of the task's community (portal token); `assignee` = the volunteer who claimed it;
 * `requester` = the resident who posted it (portal, same verified phone) — or staff for a need staff posted.
 */
export type TaskActor = 'staff' | 'volunteer' | 'assignee' | 'requester';
/** The typed events of a task's history (volunteer_task_events), one payload type per event. */
export interface TaskEventPayloads {
  task_posted: { kind: TaskKind; fromPortal: boolean };
  task_published: { note: string | null };
  task_claimed: { partyMember: boolean };
  task_completed: { hours: number; photo: boolean };
  task_confirmed: { note: string | null; byStaff: boolean };
  task_cancelled: { note: string | null };
}
export type TaskEventType = keyof TaskEventPayloads;
export interface TaskTransition { action: TaskAction; from: readonly TaskState[]; actors: readonly TaskActor[]; to: TaskState }

export const TASK_TRANSITIONS: readonly TaskTransition[] = [
  { action: 'publish', from: ['posted'], actors: ['staff'], to: 'published' },
  { action: 'claim', from: ['published'], actors: ['volunteer'], to: 'claimed' },
  { action: 'complete', from: ['claimed'], actors: ['assignee'], to: 'completed' },
  { action: 'confirm', from: ['completed'], actors: ['requester'], to: 'confirmed' },
  { action: 'cancel', from: ['posted', 'published', 'claimed'], actors: ['staff'], to: 'cancelled' },
];
/** The event each action appends. */
const EVENT_OF = { publish: 'task_published', claim: 'task_claimed', complete: 'task_completed', confirm: 'task_confirmed', cancel: 'task_cancelled' } as const satisfies Record<TaskAction, TaskEventType>;
export const STAFF_WRITE: readonly Role[] = ['handler', 'unit_leader', 'admin'];
export const STAFF_READ: readonly Role[] = [...STAFF_WRITE, 'supervisor', 'leader'];
export const VOLUNTEER_SESSION_MS = 12 * 3_600_000;

interface TaskRow {
  id: number; communityId: number; communityName: string; communityPath: string; kind: TaskKind; title: string; description: string; address: string;
  requesterName: string | null; requesterPhone: string | null; requesterHash: string | null; postedBy: number | null; postedByName: string | null; status: TaskState;
  volunteerId: number | null; volunteerName: string | null; volunteerParty: boolean | null; note: string | null; hours: number | null; photoId: string | null; version: number;
  createdAt: Date; publishedAt: Date | null; claimedAt: Date | null; completedAt: Date | null; confirmedAt: Date | null;
}
interface Volunteer { id: number; communityId: number; communityPath: string; name: string; partyMember: boolean; active: boolean }
/** Who is acting: a signed-in staff user, a volunteer by portal token, or a resident by verified phone. */
export type TaskCaller = { user: AuthUser } | { volunteer: Volunteer } | { residentHash: string; staffConfirm?: never };

const SELECT = `select t.id, t.community_id as "communityId", c.name as "communityName", c.path as "communityPath", t.kind, t.title, t.description, t.address,
  t.requester_name as "requesterName", t.requester_phone as "requesterPhone", t.requester_hash as "requesterHash", t.posted_by as "postedBy", pu.display_name as "postedByName",
  t.status, t.volunteer_id as "volunteerId", v.name as "volunteerName", v.party_member as "volunteerParty", t.note, t.hours::float8 as hours, t.photo_id as "photoId", t.version,
  t.created_at as "createdAt", t.published_at as "publishedAt", t.claimed_at as "claimedAt", t.completed_at as "completedAt", t.confirmed_at as "confirmedAt"
  from volunteer_tasks t join units c on c.id = t.community_id left join users pu on pu.id = t.posted_by left join volunteers v on v.id = t.volunteer_id`;

const iso = (d: Date | null) => d?.toISOString() ?? null;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
/** A name as the public and other volunteers see it: the surname and 某 (张某). */
export const maskName = (name: string | null) => (name ? `${[...name.trim()][0] ?? ''}某` : null);

export function actorsOf(c: TaskCaller, t: Pick<TaskRow, 'communityPath' | 'communityId' | 'volunteerId' | 'requesterHash' | 'postedBy'>): TaskActor[] {
  if ('user' in c) {
    const u = c.user;
    if (!STAFF_WRITE.includes(u.role)) return [];
    if (!u.isCenter && !t.communityPath.startsWith(u.unitPath)) return [];
    if (u.isCenter && u.role !== 'admin') return [];
    // Staff confirm for a requester they posted for (a resident without the portal); a resident's own need is theirs to confirm.
    return t.requesterHash === null ? ['staff', 'requester'] : ['staff'];
  }
  if ('volunteer' in c) {
    const v = c.volunteer;
    if (!v.active || v.communityId !== t.communityId) return [];
    return t.volunteerId === v.id ? ['volunteer', 'assignee'] : ['volunteer'];
  }
  return t.requesterHash !== null && t.requesterHash === c.residentHash ? ['requester'] : [];
}

export function checkTaskTransition(c: TaskCaller, t: TaskRow, action: TaskAction): TaskTransition {
  const tr = TASK_TRANSITIONS.find((x) => x.action === action)!;
  const actors = actorsOf(c, t);
  if (!tr.actors.some((a) => actors.includes(a))) fail('forbidden', `only the ${tr.actors.join(' or ')} may ${action} this task`);
  if (!tr.from.includes(t.status)) fail('invalid_transition', `cannot ${action} a task that is ${t.status}; allowed from ${tr.from.join(', ')}`);
  return tr;
}
export const allowedTaskActions = (c: TaskCaller, t: TaskRow): TaskAction[] =>
  TASK_TRANSITIONS.filter((tr) => tr.from.includes(t.status) && tr.actors.some((a) => actorsOf(c, t).includes(a))).map((tr) => tr.action);

export interface NeedInput { communityId: number; kind: TaskKind; title: string; description?: string; address?: string; requesterName?: string; requesterPhone?: string }

export function volunteersService(d: { db: Db; clock: Clock; dataDir: string; otp: OtpService; limits: Limiter }) {
  const { db, clock } = d;
  const storage = folderStorage(path.join(d.dataDir, 'attachments'));

  function scope(user: AuthUser, params: unknown[], alias = 'c'): string {
    if (user.isCenter) return 'true';
    params.push(user.unitPath);
    return `${alias}.path like $${params.length} || '%'`;
  }
  async function communityOrFail(user: AuthUser | null, id: number) {
    const { rows } = await db.query<{ id: number; path: string; type: string; name: string }>('select id, path, type, name from units where id = $1', [id]);
    const u = rows[0];
    if (!u || (user && !user.isCenter && !u.path.startsWith(user.unitPath))) fail('unit_not_found', `unit ${id} does not exist or is outside your unit`);
    if (u.type !== 'community') fail('unit_not_assignable', `${u.name} is a ${u.type}; volunteers and tasks belong to a community`);
    return u;
  }
  async function load(id: number, q: Queryable = db) {
    const { rows } = await q.query<TaskRow>(`${SELECT} where t.id = $1`, [id]);
    return rows[0] ?? null;
  }
  /** Staff view: requester's phone masked, everything else. */
  function staffView(c: TaskCaller, t: TaskRow) {
    const { requesterHash: _h, communityPath: _p, requesterPhone, createdAt, publishedAt, claimedAt, completedAt, confirmedAt, ...r } = t;
    return {
      ...r, requesterPhone: maskPhone(requesterPhone), fromPortal: t.requesterHash !== null, createdAt: createdAt.toISOString(), publishedAt: iso(publishedAt), claimedAt: iso(claimedAt),
      completedAt: iso(completedAt), confirmedAt: iso(confirmedAt), allowedActions: allowedTaskActions(c, t),
    };
  }
  /** What a volunteer sees of a task: no requester phone, no staff names; the requester's name only once it is theirs. */
  function volunteerView(c: { volunteer: Volunteer }, t: TaskRow) {
    const mine = t.volunteerId === c.volunteer.id;
    return {
      id: t.id, communityName: t.communityName, kind: t.kind, title: t.title, description: t.description, address: t.address, status: t.status, version: t.version,
      requesterName: mine ? t.requesterName : maskName(t.requesterName), mine, note: mine ? t.note : null, hours: mine ? t.hours : null,
      publishedAt: iso(t.publishedAt), claimedAt: iso(t.claimedAt), completedAt: iso(t.completedAt), confirmedAt: iso(t.confirmedAt), allowedActions: allowedTaskActions(c, t),
    };
  }
  async function addEvent<T extends TaskEventType>(q: Queryable, taskId: number, type: T, c: TaskCaller, at: Date, payload: TaskEventPayloads[T]) {
    await q.query('insert into volunteer_task_events (task_id, type, actor_id, volunteer_id, at, payload) values ($1,$2,$3,$4,$5,$6)',
      [taskId, type, 'user' in c ? c.user.id : null, 'volunteer' in c ? c.volunteer.id : null, at, JSON.stringify(payload)]);
  }
  async function insertTask(q: Queryable, n: NeedInput & { requesterHash: string | null; postedBy: number | null }, c: TaskCaller, at: Date) {
    const { rows } = await q.query<{ id: number }>(
      `insert into volunteer_tasks (community_id, kind, title, description, address, requester_name, requester_phone, requester_hash, posted_by, status, created_at, updated_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,'posted',$10,$10) returning id`,
      [n.communityId, n.kind, n.title, n.description ?? '', n.address ?? '', n.requesterName?.trim() || null, n.requesterPhone ?? null, n.requesterHash, n.postedBy, at]);
    await addEvent(q, rows[0].id, 'task_posted', c, at, { kind: n.kind, fromPortal: n.requesterHash !== null });
    return rows[0].id;
  }
  /** One transition with the version check; `sets` are extra assignments ($5 … in `args`). */
  async function transition<A extends TaskAction>(c: TaskCaller, id: number, action: A, version: number, extra: { sets?: string; args?: unknown[]; payload: TaskEventPayloads[(typeof EVENT_OF)[A]]; before?: (q: Queryable) => Promise<void> }) {
    const t = await load(id);
    if (!t) fail('volunteer_task_not_found', `task ${id} does not exist`);
    if (actorsOf(c, t).length === 0 && !('residentHash' in c)) fail('volunteer_task_not_found', `task ${id} does not exist or is outside your community`);
    const tr = checkTaskTransition(c, t, action);
    if (version !== t.version) fail('version_conflict', `the task is at version ${t.version}; reload and try again`);
    const now = clock.now();
    const stamp = { publish: 'published_at', claim: 'claimed_at', complete: 'completed_at', confirm: 'confirmed_at', cancel: null }[action];
    await db.tx(async (q) => {
      await extra.before?.(q);
      const { rowCount } = await q.query(`update volunteer_tasks set status = $3, version = version + 1, updated_at = $4${stamp ? `, ${stamp} = $4` : ''}${extra.sets ?? ''} where id = $1 and version = $2`,
        [id, version, tr.to, now, ...(extra.args ?? [])]);
      if (!rowCount) fail('version_conflict', 'the task changed meanwhile (another volunteer may have claimed it); reload and try again');
      await addEvent(q, id, EVENT_OF[action], c, now, extra.payload);
    });
    return (await load(id))!;
  }
  async function volunteerByToken(token: string | undefined): Promise<Volunteer> {
    if (!token || token.length > 200) fail('volunteer_session_invalid');
    const { rows } = await db.query<Volunteer>(
      `select v.id, v.community_id as "communityId", c.path as "communityPath", v.name, v.party_member as "partyMember", v.active
       from volunteer_sessions s join volunteers v on v.id = s.volunteer_id join units c on c.id = v.community_id where s.token_hash = $1 and s.expires_at > $2`, [sha(token), clock.now()]);
    if (!rows[0] || !rows[0].active) fail('volunteer_session_invalid');
    return rows[0];
  }

  return {
    volunteerByToken,

    // ---- console (community staff) ----
    async listVolunteers(user: AuthUser) {
      const params: unknown[] = [];
      const { rows } = await db.query<{ id: number; communityId: number; communityName: string; name: string; phone: string; partyMember: boolean; skills: string; active: boolean; hours: number; tasks: number; createdAt: Date }>(
        `select v.id, v.community_id as "communityId", c.name as "communityName", v.name, v.phone, v.party_member as "partyMember", v.skills, v.active,
           coalesce((select sum(t.hours) from volunteer_tasks t where t.volunteer_id = v.id and t.status = 'confirmed'), 0)::float8 as hours,
           (select count(*)::int from volunteer_tasks t where t.volunteer_id = v.id and t.status = 'confirmed') as tasks, v.created_at as "createdAt"
         from volunteers v join units c on c.id = v.community_id where ${scope(user, params)} order by c.code, v.id`, params);
      return { items: rows.map((r) => ({ ...r, phone: maskPhone(r.phone)!, createdAt: r.createdAt.toISOString() })) };
    },

    async addVolunteer(user: AuthUser, b: { communityId: number; name: string; phone: string; partyMember?: boolean; skills?: string }) {
      await communityOrFail(user, b.communityId);
      const mobile = mobileOrFail(b.phone);
      const now = clock.now();
      const { rows } = await db.query<{ id: number }>(
        `insert into volunteers (community_id, name, phone, phone_hash, party_member, skills, created_by, created_at) values ($1,$2,$3,$4,$5,$6,$7,$8)
         on conflict (phone_hash) do nothing returning id`,
        [b.communityId, b.name.trim(), mobile, phoneHash(mobile), b.partyMember ?? false, b.skills ?? '', user.id, now]);
      if (!rows[0]) fail('conflict', 'a volunteer with this phone is already registered');
      return (await this.listVolunteers(user)).items.find((v) => v.id === rows[0].id)!;
    },

    async listTasks(user: AuthUser, f: { status?: TaskState }) {
      const params: unknown[] = [];
      const where = [scope(user, params)];
      if (f.status) { params.push(f.status); where.push(`t.status = $${params.length}`); }
      const { rows } = await db.query<TaskRow>(`${SELECT} where ${where.join(' and ')} order by t.created_at desc, t.id desc limit 500`, params);
      return { items: rows.map((t) => staffView({ user }, t)) };
    },

    async postByStaff(user: AuthUser, n: NeedInput) {
      await communityOrFail(user, n.communityId);
      const phone = n.requesterPhone?.trim() ? mobileOrFail(n.requesterPhone) : undefined;
      const id = await db.tx((q) => insertTask(q, { ...n, requesterPhone: phone, requesterHash: null, postedBy: user.id }, { user }, clock.now()));
      return staffView({ user }, (await load(id))!);
    },

    async staffAct(user: AuthUser, id: number, action: TaskAction, b: { version: number; note?: string }) {
      const params: unknown[] = [id];
      const { rows } = await db.query(`select 1 from volunteer_tasks t join units c on c.id = t.community_id where t.id = $1 and ${scope(user, params)}`, params);
      if (!rows[0]) fail('volunteer_task_not_found', `task ${id} does not exist or is outside your unit`);
      const note = b.note ?? null;
      const t = action === 'confirm' ? await transition({ user }, id, 'confirm', b.version, { payload: { note, byStaff: true } })
        : await transition({ user }, id, action as 'publish' | 'cancel', b.version, { payload: { note } });
      return staffView({ user }, t);
    },

    // ---- portal: residents ----
    async postByResident(n: NeedInput & { phone: string; code: string }, ip: string) {
      const now = clock.now();
      await d.limits.take({ scope: 'need_ip_day', max: 20, windowMs: 86_400_000, says: '同一网络每天最多发布 20 个需求' }, ip, now);
      const mobile = mobileOrFail(n.phone);
      await communityOrFail(null, n.communityId);
      const otpId = await d.otp.check(mobile, 'need', n.code);
      const id = await db.tx(async (q) => {
        await d.otp.consume(q, otpId, null);
        return insertTask(q, { ...n, requesterPhone: mobile, requesterHash: phoneHash(mobile), postedBy: null }, { residentHash: phoneHash(mobile) }, now);
      });
      const t = (await load(id))!;
      return { id: t.id, status: t.status, communityName: t.communityName, createdAt: t.createdAt.toISOString() };
    },

    /** The requester's own needs (number + verified phone: a fresh code each time). */
    async confirmByResident(b: { taskId: number; phone: string; code: string }) {
      const mobile = mobileOrFail(b.phone);
      const hash = phoneHash(mobile);
      const otpId = await d.otp.check(mobile, 'need', b.code);
      const t = await load(b.taskId);
      if (!t || t.requesterHash !== hash) fail('volunteer_task_not_found', '没有找到用这个手机号发布的这条需求。');
      const out = await transition({ residentHash: hash }, t.id, 'confirm', t.version, { payload: { note: null, byStaff: false }, before: (q) => d.otp.consume(q, otpId, null) });
      return { id: out.id, status: out.status, volunteerName: maskName(out.volunteerName), hours: out.hours, confirmedAt: iso(out.confirmedAt) };
    },

    // ---- portal: volunteers ----
    async signIn(b: { phone: string; code: string }) {
      const mobile = mobileOrFail(b.phone);
      // The code first: whether a phone is a volunteer's is told only to whoever holds the phone.
      const otpId = await d.otp.check(mobile, 'volunteer', b.code);
      const { rows } = await db.query<{ id: number; name: string; partyMember: boolean; active: boolean }>(
        'select id, name, party_member as "partyMember", active from volunteers where phone_hash = $1', [phoneHash(mobile)]);
      const v = rows[0];
      if (!v || !v.active) fail('volunteer_not_found', '这个手机号还没有登记为志愿者，请联系社区登记。');
      const token = randomBytes(24).toString('base64url');
      const expiresAt = new Date(clock.now().getTime() + VOLUNTEER_SESSION_MS);
      await db.tx(async (q) => {
        await d.otp.consume(q, otpId, null);
        await q.query('delete from volunteer_sessions where volunteer_id = $1 and expires_at <= $2', [v.id, clock.now()]);
        await q.query('insert into volunteer_sessions (token_hash, volunteer_id, expires_at) values ($1,$2,$3)', [sha(token), v.id, expiresAt]);
      });
      return { token, expiresAt: expiresAt.toISOString(), name: v.name, partyMember: v.partyMember };
    },

    async volunteerTasks(token: string | undefined) {
      const v = await volunteerByToken(token);
      const { rows } = await db.query<TaskRow>(`${SELECT} where (t.community_id = $1 and t.status = 'published') or t.volunteer_id = $2 order by t.id desc limit 300`, [v.communityId, v.id]);
      const { rows: h } = await db.query<{ hours: number }>(`select coalesce(sum(hours), 0)::float8 as hours from volunteer_tasks where volunteer_id = $1 and status = 'confirmed'`, [v.id]);
      return { volunteer: { name: v.name, partyMember: v.partyMember, hours: h[0].hours }, items: rows.map((t) => volunteerView({ volunteer: v }, t)) };
    },

    async volunteerAct(token: string | undefined, id: number, action: 'claim' | 'complete', b: { version: number; note?: string; hours?: number; photos?: PhotoInput[] }) {
      const v = await volunteerByToken(token);
      const c = { volunteer: v };
      let t: TaskRow;
      if (action === 'claim') {
        t = await transition(c, id, 'claim', b.version, { sets: ', volunteer_id = $5', args: [v.id], payload: { partyMember: v.partyMember } });
      } else {
        if (!b.note?.trim() || b.hours === undefined) fail('validation_failed', '请填写服务记录和服务时长。', { errors: [{ path: '/body/note', message: 'note and hours are required' }] });
        const stored = await checkAndStorePhotos(storage, (b.photos ?? []).slice(0, 1));
        const photo = stored[0] ?? null;
        t = await transition(c, id, 'complete', b.version, {
          sets: ', note = $5, hours = $6, photo_id = $7', args: [b.note.trim(), b.hours, photo?.id ?? null], payload: { hours: b.hours, photo: photo !== null },
          before: async (q) => {
            if (photo) await q.query('insert into attachments (id, order_id, filename, mime, size, sha256, storage_key, uploaded_by, created_at) values ($1,null,$2,$3,$4,$5,$6,null,$7)', [photo.id, photo.filename, photo.mime, photo.size, photo.sha256, photo.id, clock.now()]);
          },
        });
      }
      return volunteerView(c, t);
    },

    /** The public community board 志愿服务榜: counts and hours per community, no personal data. */
    async board() {
      const { rows } = await db.query<{ communityId: number; communityName: string; volunteers: number; partyMembers: number; open: number; done: number; hours: number; partyHours: number }>(
        `select c.id as "communityId", c.name as "communityName",
           (select count(*)::int from volunteers v where v.community_id = c.id and v.active) as volunteers,
           (select count(*)::int from volunteers v where v.community_id = c.id and v.active and v.party_member) as "partyMembers",
           count(t.id) filter (where t.status in ('published','claimed','completed'))::int as open,
           count(t.id) filter (where t.status = 'confirmed')::int as done,
           coalesce(sum(t.hours) filter (where t.status = 'confirmed'), 0)::float8 as hours,
           coalesce(sum(t.hours) filter (where t.status = 'confirmed' and v.party_member), 0)::float8 as "partyHours"
         from units c left join volunteer_tasks t on t.community_id = c.id left join volunteers v on v.id = t.volunteer_id
         where c.type = 'community' group by c.id, c.name, c.code
         having count(t.id) > 0 or exists (select 1 from volunteers v where v.community_id = c.id and v.active) order by c.code`);
      return { items: rows };
    },

    /** Communities a resident may post a need to (id and name only). */
    async communities() {
      const { rows } = await db.query<{ id: number; name: string }>(`select id, name from units where type = 'community' order by code`);
      return { items: rows };
    },
  };
}
export type VolunteersService = ReturnType<typeof volunteersService>;
