// Self-handling 自行处置 of small patrol findings (DOMAIN §10, docs/GRID.md): a grid worker reports an issue with a
// before photo, handles it on the spot and adds an after photo; another grid worker of the same grid (or community
// staff above it — never the worker who handled it) verifies and the issue closes. A refused verification, or an
// escalation by the worker, turns the issue into an order (channel grid) in the normal flow, with its photos.
// States are data (ISSUE_TRANSITIONS); every change appends a grid_issue_events row in its transaction.
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import { appendEvent } from '../../shared/events';
import { folderStorage } from '../attachments/storage';
import type { EffectHook } from '../orders/effects';
import type { OrdersService } from '../orders/orders.service';
import { checkAndStorePhotos, type PhotoInput } from '../portal/photos';
import type { AuthUser, UsersRepo } from '../users/users.repo';
import type { Role } from '../users/roles';
import { checkMonth, monthBounds } from '../assessment/month';

export const ISSUE_STATES = ['reported', 'handled', 'closed', 'escalated'] as const;
export type IssueState = (typeof ISSUE_STATES)[number];
export const ISSUE_ACTIONS = ['handle', 'verify', 'refuse', 'escalate'] as const;
export type IssueAction = (typeof ISSUE_ACTIONS)[number];

/**
 * Who acts: `reporter` = the grid worker who reported the issue; `verifier` = another grid worker of the same unit, or
 * a handler / unit leader of a unit at or above it (community staff), never the reporter.
 */
export type IssueActor = 'reporter' | 'verifier';

/** The typed events of an issue's history (grid_issue_events), one payload type per event. */
export interface IssueEventPayloads {
  issue_reported: { photos: number };
  issue_handled: { note: string | null; photos: number };
  issue_verified: { note: string | null; minutes: number | null };
  issue_refused: { reason: string; orderId: number; orderNumber: string };
  issue_escalated: { reason: string; orderId: number; orderNumber: string };
}
export type IssueEventType = keyof IssueEventPayloads;

export interface IssueTransition {
  action: IssueAction;
  from: readonly IssueState[];
  actors: readonly IssueActor[];
  to: IssueState;
  event: IssueEventType;
}

export const ISSUE_TRANSITIONS: readonly IssueTransition[] = [
  { action: 'handle', from: ['reported'], actors: ['reporter'], to: 'handled', event: 'issue_handled' },
  { action: 'verify', from: ['handled'], actors: ['verifier'], to: 'closed', event: 'issue_verified' },
  { action: 'refuse', from: ['handled'], actors: ['verifier'], to: 'escalated', event: 'issue_refused' },
  { action: 'escalate', from: ['reported', 'handled'], actors: ['reporter', 'verifier'], to: 'escalated', event: 'issue_escalated' },
];
const STAFF: readonly Role[] = ['handler', 'unit_leader'];

export interface IssueRow {
  id: number; reporterId: number; reporterName: string; unitId: number; unitName: string; unitPath: string; title: string; description: string; address: string;
  lat: number | null; lng: number | null; status: IssueState; handledNote: string | null; verifierId: number | null; verifierName: string | null; orderId: number | null; orderNumber: string | null;
  version: number; createdAt: Date; handledAt: Date | null; endedAt: Date | null;
}

/** The actor kinds the user is for this issue (empty: the user may look, not act). */
export function actorKinds(user: AuthUser, issue: Pick<IssueRow, 'reporterId' | 'unitId' | 'unitPath'>): IssueActor[] {
  if (user.id === issue.reporterId) return ['reporter'];
  if (user.role === 'grid_worker' && user.unitId === issue.unitId) return ['verifier'];
  if (STAFF.includes(user.role) && !user.isCenter && issue.unitPath.startsWith(user.unitPath)) return ['verifier'];
  return [];
}

/** The one check of the table: state, then who. */
export function checkIssueTransition(user: AuthUser, issue: IssueRow, action: IssueAction): IssueTransition {
  const t = ISSUE_TRANSITIONS.find((x) => x.action === action)!;
  const kinds = actorKinds(user, issue);
  if (!t.from.includes(issue.status)) fail('invalid_transition', `cannot ${action} an issue that is ${issue.status}; allowed from ${t.from.join(', ')}`);
  if (!t.actors.some((a) => kinds.includes(a))) {
    if (t.actors.includes('verifier') && !t.actors.includes('reporter')) {
      fail('verifier_not_allowed', user.id === issue.reporterId ? 'you handled this issue yourself; another grid worker of your grid or the community verifies it' : 'only another grid worker of the same grid or community staff above it verifies');
    }
    fail('forbidden', `only the reporting grid worker${t.actors.includes('verifier') ? ' or a verifier' : ''} may ${action} this issue`);
  }
  return t;
}

export const allowedIssueActions = (user: AuthUser, issue: IssueRow): IssueAction[] =>
  ISSUE_TRANSITIONS.filter((t) => t.from.includes(issue.status) && t.actors.some((a) => actorKinds(user, issue).includes(a))).map((t) => t.action);

const SELECT = `select i.id, i.reporter_id as "reporterId", ru.display_name as "reporterName", i.unit_id as "unitId", un.name as "unitName", un.path as "unitPath",
  i.title, i.description, i.address, i.lat, i.lng, i.status, i.handled_note as "handledNote", i.verifier_id as "verifierId", vu.display_name as "verifierName",
  i.order_id as "orderId", o.number as "orderNumber", i.version, i.created_at as "createdAt", i.handled_at as "handledAt", i.ended_at as "endedAt"
  from grid_issues i join users ru on ru.id = i.reporter_id join units un on un.id = i.unit_id
  left join users vu on vu.id = i.verifier_id left join orders o on o.id = i.order_id`;

/** SQL (aliases i, un): issues the user sees — a grid worker its own grid's, a unit its subtree's, the centre all. */
function scopeSql(user: AuthUser, params: unknown[]): string {
  if (user.isCenter) return 'true';
  if (user.role === 'grid_worker') {
    params.push(user.unitId);
    return `i.unit_id = $${params.length}`;
  }
  params.push(user.unitPath);
  return `un.path like $${params.length} || '%'`;
}

interface EscalationCtx { issueId: number; version: number; actorId: number; action: 'refuse' | 'escalate'; reason: string; photos: string[] }
const escalating = new AsyncLocalStorage<EscalationCtx>();

export interface SelfHandleDeps {
  db: Db;
  clock: Clock;
  tz: string;
  dataDir: string;
  users: UsersRepo;
  orders: () => OrdersService;
}

export interface ReportInput { title: string; description?: string; address?: string; location?: { lat: number; lng: number } | null; photos: PhotoInput[] }

async function addEvent<T extends IssueEventType>(q: Queryable, issueId: number, type: T, actorId: number | null, at: Date, payload: IssueEventPayloads[T]) {
  await q.query('insert into grid_issue_events (issue_id, type, actor_id, at, payload) values ($1,$2,$3,$4,$5)', [issueId, type, actorId, at, JSON.stringify(payload)]);
}

export function selfHandleService(d: SelfHandleDeps) {
  const { db, clock } = d;
  const storage = folderStorage(path.join(d.dataDir, 'attachments'));

  async function load(id: number, q: Queryable = db): Promise<IssueRow | null> {
    const { rows } = await q.query<IssueRow>(`${SELECT} where i.id = $1`, [id]);
    return rows[0] ?? null;
  }
  async function loadVisible(user: AuthUser, id: number): Promise<IssueRow> {
    const params: unknown[] = [id];
    const scope = scopeSql(user, params);
    const { rows } = await db.query<IssueRow>(`${SELECT} where i.id = $1 and ${scope}`, params);
    if (!rows[0]) fail('grid_issue_not_found', `grid issue ${id} does not exist or is outside your grid or unit`);
    return rows[0];
  }
  async function photosOf(ids: number[]) {
    if (!ids.length) return new Map<number, { id: string; stage: string; filename: string }[]>();
    const { rows } = await db.query<{ issueId: number; id: string; stage: string; filename: string }>(
      `select p.issue_id as "issueId", a.id, p.stage, a.filename from grid_issue_photos p join attachments a on a.id = p.attachment_id where p.issue_id = any($1::int[]) order by a.created_at, a.id`, [ids]);
    const m = new Map<number, { id: string; stage: string; filename: string }[]>();
    for (const { issueId, ...r } of rows) m.set(issueId, [...(m.get(issueId) ?? []), r]);
    return m;
  }
  async function history(id: number) {
    const { rows } = await db.query<{ type: string; actorName: string | null; at: Date; payload: Record<string, unknown> }>(
      `select e.type, u.display_name as "actorName", e.at, e.payload from grid_issue_events e left join users u on u.id = e.actor_id where e.issue_id = $1 order by e.id`, [id]);
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }
  function view(user: AuthUser, r: IssueRow, photos: { id: string; stage: string; filename: string }[]) {
    const { lat, lng, unitPath: _p, createdAt, handledAt, endedAt, ...rest } = r;
    return {
      ...rest, location: lat !== null && lng !== null ? { lat, lng } : null, createdAt: createdAt.toISOString(), handledAt: handledAt?.toISOString() ?? null,
      endedAt: endedAt?.toISOString() ?? null, photos, allowedActions: allowedIssueActions(user, r),
    };
  }
  async function storePhotos(q: Queryable, issueId: number, stage: 'before' | 'after', user: AuthUser, stored: Awaited<ReturnType<typeof checkAndStorePhotos>>, at: Date) {
    for (const p of stored) {
      await q.query('insert into attachments (id, order_id, filename, mime, size, sha256, storage_key, uploaded_by, created_at) values ($1,null,$2,$3,$4,$5,$6,$7,$8)', [p.id, p.filename, p.mime, p.size, p.sha256, p.id, user.id, at]);
      await q.query('insert into grid_issue_photos (issue_id, attachment_id, stage) values ($1,$2,$3)', [issueId, p.id, stage]);
    }
  }
  async function detail(user: AuthUser, id: number) {
    const r = await loadVisible(user, id);
    return { ...view(user, r, (await photosOf([r.id])).get(r.id) ?? []), history: await history(r.id) };
  }
  /** Writes a state change with the version check; 409 when someone acted meanwhile. */
  async function move(q: Queryable, issue: IssueRow, t: IssueTransition, sets: string, args: unknown[], at: Date) {
    const { rowCount } = await q.query(`update grid_issues set status = $3, version = version + 1, updated_at = $4${sets} where id = $1 and version = $2`, [issue.id, issue.version, t.to, at, ...args]);
    if (!rowCount) fail('version_conflict', 'the issue changed since you loaded it; reload and try again');
  }

  return {
    loadVisible,
    detail,

    /** A before/after photo of an issue the user sees (404 like a missing one otherwise). */
    async photo(user: AuthUser, id: number, photoId: string) {
      await loadVisible(user, id);
      const { rows } = await db.query<{ filename: string; mime: string; storageKey: string }>(
        'select a.filename, a.mime, a.storage_key as "storageKey" from grid_issue_photos p join attachments a on a.id = p.attachment_id where p.issue_id = $1 and p.attachment_id = $2', [id, photoId]);
      const data = rows[0] ? await storage.get(rows[0].storageKey) : null;
      if (!rows[0] || !data) fail('attachment_not_found');
      return { ...rows[0], data };
    },

    /** A grid worker reports a small issue to handle on the spot, with at least one before photo. */
    async report(user: AuthUser, input: ReportInput) {
      if (user.role !== 'grid_worker') fail('forbidden', 'self-handling is for grid workers on patrol');
      if (!input.photos.length) fail('validation_failed', 'add a before photo (拍照上传处置前照片)', { errors: [{ path: '/body/photos', message: 'at least one photo' }] });
      const stored = await checkAndStorePhotos(storage, input.photos);
      const now = clock.now();
      const id = await db.tx(async (q) => {
        const { rows } = await q.query<{ id: number }>(
          `insert into grid_issues (reporter_id, unit_id, title, description, address, lat, lng, status, created_at, updated_at) values ($1,$2,$3,$4,$5,$6,$7,'reported',$8,$8) returning id`,
          [user.id, user.unitId, input.title, input.description ?? '', input.address ?? '', input.location?.lat ?? null, input.location?.lng ?? null, now]);
        await storePhotos(q, rows[0].id, 'before', user, stored, now);
        await addEvent(q, rows[0].id, 'issue_reported', user.id, now, { photos: stored.length });
        return rows[0].id;
      });
      return detail(user, id);
    },

    async list(user: AuthUser, f: { status?: IssueState; mine?: boolean }) {
      const params: unknown[] = [];
      const where = [scopeSql(user, params)];
      if (f.status) { params.push(f.status); where.push(`i.status = $${params.length}`); }
      const { rows } = await db.query<IssueRow>(`${SELECT} where ${where.join(' and ')} order by i.created_at desc, i.id desc limit 500`, params);
      const photos = await photosOf(rows.map((r) => r.id));
      const items = rows.map((r) => view(user, r, photos.get(r.id) ?? []));
      // "To verify": handled issues this user may verify (another worker's, in the same grid, or the community's).
      return { items: f.mine ? items.filter((i) => i.allowedActions.length) : items };
    },

    async act(user: AuthUser, id: number, action: IssueAction, body: { version: number; note?: string; reason?: string; photos?: PhotoInput[] }) {
      const issue = await loadVisible(user, id);
      if (body.version !== issue.version) fail('version_conflict', `the issue is at version ${issue.version}; reload and try again`);
      const t = checkIssueTransition(user, issue, action);
      const now = clock.now();
      if (action === 'handle') {
        if (!body.photos?.length) fail('validation_failed', 'add an after photo (处置后照片)', { errors: [{ path: '/body/photos', message: 'at least one photo' }] });
        const stored = await checkAndStorePhotos(storage, body.photos);
        await db.tx(async (q) => {
          await move(q, issue, t, ', handled_note = $5, handled_at = $4', [body.note ?? null], now);
          await storePhotos(q, issue.id, 'after', user, stored, now);
          await addEvent(q, issue.id, 'issue_handled', user.id, now, { note: body.note ?? null, photos: stored.length });
        });
      } else if (action === 'verify') {
        await db.tx(async (q) => {
          await move(q, issue, t, ', verifier_id = $5, ended_at = $4', [user.id], now);
          await addEvent(q, issue.id, 'issue_verified', user.id, now, { note: body.note ?? null, minutes: issue.handledAt ? Math.round((now.getTime() - issue.handledAt.getTime()) / 60_000) : null });
        });
      } else {
        if (!body.reason?.trim()) fail('validation_failed', 'give a reason (why it needs the normal flow)', { errors: [{ path: '/body/reason', message: 'required' }] });
        // The order is registered by the reporting worker (a patrol report: its street is the jurisdiction) and the
        // issue marked escalated in the same transaction, by the effects hook below.
        const reporter = await reporterAuth(issue.reporterId);
        const { rows } = await db.query<{ id: string }>('select attachment_id as id from grid_issue_photos where issue_id = $1', [issue.id]);
        await escalating.run({ issueId: issue.id, version: issue.version, actorId: user.id, action, reason: body.reason.trim(), photos: rows.map((r) => r.id) }, () =>
          d.orders().create(reporter, {
            channel: 'grid', type: 'other', title: issue.title, description: `${issue.description}${issue.description ? '\n' : ''}【网格员自行处置转工单】${body.reason!.trim()}`.slice(0, 4000),
            address: issue.address, location: issue.lat !== null && issue.lng !== null ? { lat: issue.lat, lng: issue.lng } : null, requester: { name: issue.reporterName },
          }));
      }
      return detail(user, id);
    },

    /** Per reporting unit for a month: self-handled issues, closed, escalated, waiting, median verification minutes. */
    async stats(user: AuthUser, month: string) {
      checkMonth(month);
      const { start, end } = monthBounds(month, d.tz);
      const params: unknown[] = [start, end];
      const scope = scopeSql(user, params);
      const { rows } = await db.query<{ unitId: number; unitName: string; issues: number; closed: number; escalated: number; waiting: number; verifyMinutes: number | null; patrolReports: number }>(
        `with s as (
           select un.id, un.name, un.code, count(*)::int as issues, count(*) filter (where i.status = 'closed')::int as closed,
             count(*) filter (where i.status = 'escalated')::int as escalated, count(*) filter (where i.status in ('reported','handled'))::int as waiting,
             (percentile_cont(0.5) within group (order by extract(epoch from (i.ended_at - i.handled_at)) / 60) filter (where i.status = 'closed'))::float8 as "verifyMinutes"
           from grid_issues i join units un on un.id = i.unit_id where i.created_at >= $1 and i.created_at < $2 and ${scope} group by un.id, un.name, un.code)
         select s.id as "unitId", s.name as "unitName", s.issues, s.closed, s.escalated, s.waiting, s."verifyMinutes",
           (select count(*)::int from orders o join users ru on ru.id = o.created_by where o.channel = 'grid' and ru.role = 'grid_worker' and ru.unit_id = s.id
              and o.created_at >= $1 and o.created_at < $2 and not exists (select 1 from grid_issues g where g.order_id = o.id)) as "patrolReports"
         from s order by s.code`,
        params,
      );
      // Self-handled share: issues closed on the spot out of every finding of the unit (self-handled + patrol orders).
      return {
        month,
        items: rows.map((r) => ({ ...r, verifyMinutes: r.verifyMinutes === null ? null : Math.round(r.verifyMinutes), selfHandledShare: r.issues + r.patrolReports ? Math.round((1000 * r.closed) / (r.issues + r.patrolReports)) / 1000 : null })),
      };
    },

    /** Effects hook: the escalation's order registration marks the issue escalated and moves its photos to the order. */
    hook: (async (q, e) => {
      const c = escalating.getStore();
      if (!c || e.cause !== 'register') return;
      const { rowCount } = await q.query(
        `update grid_issues set status = 'escalated', order_id = $3, version = version + 1, updated_at = $4, ended_at = $4, verifier_id = case when $5 = 'refuse' then $6::int else verifier_id end where id = $1 and version = $2`,
        [c.issueId, c.version, e.order.id, e.at, c.action, c.actorId]);
      if (!rowCount) fail('version_conflict', 'the issue changed since you loaded it; reload and try again');
      for (const id of c.photos) {
        const { rows } = await q.query<{ filename: string; mime: string; size: number }>('update attachments set order_id = $2 where id = $1 returning filename, mime, size', [id, e.order.id]);
        if (rows[0]) await appendEvent(q, e.order.id, 'attachment_added', e.actor, e.at, { attachmentId: id, ...rows[0] });
      }
      await addEvent(q, c.issueId, c.action === 'refuse' ? 'issue_refused' : 'issue_escalated', c.actorId, e.at, { reason: c.reason, orderId: e.order.id, orderNumber: e.order.number });
    }) satisfies EffectHook as EffectHook,
  };

  async function reporterAuth(id: number): Promise<AuthUser> {
    const row = await d.users.byId(id);
    const u = row ? await d.users.byUsername(row.username) : null;
    if (!u) fail('user_not_found', `the reporting grid worker ${id} no longer exists`);
    return u;
  }
}
export type SelfHandleService = ReturnType<typeof selfHandleService>;
