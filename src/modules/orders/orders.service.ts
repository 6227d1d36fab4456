// Orders: intake, reading (scoped and masked), and every lifecycle action in one transaction.
import { checkPetition } from '../sources/petition';
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import { appendEvent, SYSTEM_ACTOR, type Actor } from '../../shared/events';
import { warningLevel, type WorkCalendar } from '../sla';
import type { CatalogRepo } from '../catalog/catalog.repo';
import type { OrgRepo } from '../org/org.repo';
import type { PoliciesRepo } from '../sla/policies.repo';
import type { AuthUser } from '../users/users.repo';
import { canRead, checkScope, mayRevealPhone, requesterHidden } from './access';
import { HANDLERS, actorOf, type ActionCtx } from './actions';
import { checkRole, CLOCKED_STATES, targetState, transitionFor, type Action } from './lifecycle';
import { takeReveal } from '../audit/audit.service';
import { daySequence, forgetDaySequences } from './numbering';
import { ordersRepo, type OrderRow } from './orders.repo';
import { listOrders, type ListFilter } from './orders.list';
import { allowedActions, toSummary } from './orders.view';
import { runEffects, type EffectHook, type RecordedEvent } from './effects';
import { unreportedPaths } from '../whistle/whistle.repo';

export interface OrderInput {
  channel: string;
  type: string;
  title: string;
  description?: string;
  address?: string;
  location?: { lat: number; lng: number } | null;
  requester?: { name?: string; phone?: string; idNumber?: string; company?: string } | null;
  confidential?: boolean;
  categoryId?: number | null;
  tier?: number;
  tags?: string[];
  /** 信访: register a petition although the requester has a similar order (a different matter) */
  newMatter?: boolean;
}

export interface OrderChange {
  id: number;
  number: string;
  status: string;
  unitPaths: string[];
  /** Who registered the order: they follow it on the live stream too. */
  createdBy: number | null;
}

export interface OrdersDeps {
  db: Db;
  clock: Clock;
  tz: string;
  org: OrgRepo;
  catalog: CatalogRepo;
  policies: PoliciesRepo;
  /** The working-day calendar in force (reloaded when an admin enters a year). */
  calendar: () => Promise<WorkCalendar>;
  /** Called after commit for every change (live updates, notifications). */
  onChange?: (c: OrderChange) => void;
  /** Fills in the jurisdiction of a new order from its address/location (smart intake), if available. */
  locate?: (input: OrderInput) => Promise<number | null>;
  /** Runs after a new order is committed (e.g. auto-dispatch above a confidence threshold). */
  afterCreate?: (user: AuthUser, order: OrderDetail) => Promise<void>;
  /** Read models and outbox writers that commit with every change (see effects.ts). */
  effects?: readonly EffectHook[];
}

/** Two actions racing to write the same unique row (one pending request per kind): the loser reloads. */
function concurrentChange(e: unknown): never {
  if ((e as { code?: string }).code === '23505') fail('version_conflict', 'someone else changed the order at the same moment; reload it');
  throw e;
}

async function settings(q: Queryable) {
  const { rows } = await q.query<{ key: string; value: number }>(`select key, value from settings where key in ('max_reopens', 'callback_max_attempts')`);
  const m = new Map(rows.map((r) => [r.key, Number(r.value)]));
  return { maxReopens: m.get('max_reopens') ?? 2, callbackMaxAttempts: m.get('callback_max_attempts') ?? 3 };
}

export function ordersService(deps: OrdersDeps) {
  const { db, clock } = deps;
  const repo = ordersRepo(db);

  /** The street or town whose subtree holds the unit at `path` (null above street level). */
  async function streetAbove(path: string): Promise<number | null> {
    const { rows } = await db.query<{ id: number }>(`select id from units where type in ('street', 'town') and $1 like path || '%' order by length(path) desc limit 1`, [path]);
    return rows[0]?.id ?? null;
  }

  async function changed(id: number) {
    if (!deps.onChange) return;
    const o = await repo.byId(id);
    if (!o) return;
    const asg = await repo.assignments(id);
    deps.onChange({ id, number: o.number, status: o.status, unitPaths: asg.filter((a) => a.active).map((a) => a.unitPath), createdBy: o.createdBy });
  }

  async function loadAny(id: number, q: Queryable) {
    const order = await repo.byId(id, q);
    if (!order) fail('order_not_found', `order ${id} does not exist`);
    return { order, assignments: await repo.assignments(id, q) };
  }

  async function loadVisible(user: AuthUser, id: number, q: Queryable = db) {
    const order = await repo.byId(id, q);
    if (!order) fail('order_not_found', `order ${id} does not exist or is outside your unit`);
    const assignments = await repo.assignments(id, q);
    // Outside the user's subtree (and not theirs): the same answer as a missing order, so nothing leaks.
    if (!canRead(user, assignments, order)) fail('order_not_found', `order ${id} does not exist or is outside your unit`);
    return { order, assignments };
  }

  type Extras = {
    events: Awaited<ReturnType<typeof repo.events>>;
    pendingRequests: Awaited<ReturnType<typeof repo.pendingRequests>>;
    callbacks: Awaited<ReturnType<typeof repo.callbacks>>;
    attachments: Awaited<ReturnType<typeof repo.attachments>>;
    maxReopens: number;
    categoryName: string | null;
    mainUnitName: string | null;
    /** Units of the open whistle that have not reported yet (they are offered whistle/report). */
    unreported?: string[];
  };

  /** The Order view from loaded parts (no queries). */
  function present(user: AuthUser, o: OrderRow, assignments: Awaited<ReturnType<typeof repo.assignments>>, x: Extras, now: Date) {
    const { events, pendingRequests, callbacks, attachments } = x;
    // Only a running clock has a warning level (none once replied, closed, listed 挂账, invalid …).
    const level = (due: Date | null) => (o.clockStartedAt && due && CLOCKED_STATES.includes(o.status) ? warningLevel(o.clockStartedAt, due, now) : null);
    return {
      ...toSummary(user, o, { categoryName: x.categoryName, mainUnitName: x.mainUnitName }, now),
      description: o.description,
      location: o.lat !== null && o.lng !== null ? { lat: o.lat, lng: o.lng } : null,
      tags: o.tags,
      parentId: o.parentId,
      reopenCount: o.reopenCount,
      signedAt: o.signedAt?.toISOString() ?? null,
      firstContactAt: o.firstContactAt?.toISOString() ?? null,
      repliedAt: o.repliedAt?.toISOString() ?? null,
      closedAt: o.closedAt?.toISOString() ?? null,
      listedUntil: o.listedUntil,
      jurisdictionUnitId: o.jurisdictionUnitId,
      kbArticleId: o.kbArticleId,
      assignments: assignments.map(({ unitPath: _p, id: _i, ...a }) => ({ ...a, assignedAt: a.assignedAt.toISOString() })),
      events: events.map((e) => ({ id: e.id, type: e.type, at: e.at.toISOString(), actor: e.actorId ? { id: e.actorId, name: e.actorName ?? '' } : null, unit: e.unitId ? { id: e.unitId, name: e.unitName ?? '' } : null, payload: e.payload })),
      deadlines: {
        sign: { dueAt: o.signDueAt?.toISOString() ?? null, level: o.signedAt ? null : level(o.signDueAt), provisional: o.signProvisionalYear !== null, provisionalYear: o.signProvisionalYear },
        contact: { dueAt: o.contactDueAt?.toISOString() ?? null, level: o.firstContactAt ? null : level(o.contactDueAt), provisional: o.contactProvisionalYear !== null, provisionalYear: o.contactProvisionalYear },
        resolve: { dueAt: o.resolveDueAt?.toISOString() ?? null, level: o.repliedAt || o.closedAt ? null : level(o.resolveDueAt), provisional: o.resolveProvisionalYear !== null, provisionalYear: o.resolveProvisionalYear },
      },
      pendingRequests: pendingRequests.map((r) => ({ id: r.id, kind: r.kind, reason: r.reason, payload: r.payload, requestedAt: r.requestedAt.toISOString(), unitName: r.unitName })),
      callbacks: callbacks.map((c) => ({ ...c, at: c.at.toISOString() })),
      attachments: attachments.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
      allowedActions: allowedActions(user, o, assignments, pendingRequests.map((r) => r.kind), x.maxReopens, x.unreported),
    };
  }

  async function detail(user: AuthUser, id: number) {
    const { order: o, assignments } = await loadVisible(user, id);
    const now = clock.now();
    const [events, pendingRequests, callbacks, attachments, cfg, names, unreported] = await Promise.all([
      repo.events(id),
      repo.pendingRequests(id),
      repo.callbacks(id),
      repo.attachments(id),
      settings(db),
      db.query<{ c: string | null; u: string | null }>('select (select name from catalog_categories where id = $1) as c, (select name from units where id = $2) as u', [o.categoryId, o.mainUnitId]),
      unreportedPaths(db, id),
    ]);
    return present(user, o, assignments, { events, pendingRequests, callbacks, attachments, maxReopens: cfg.maxReopens, categoryName: names.rows[0].c, mainUnitName: names.rows[0].u, unreported }, now);
  }

  /** Runs one lifecycle action in one transaction; `by` null is the system (its own rules, no user, no scope). */
  async function perform(by: { user: AuthUser; actor: Actor } | null, id: number, action: Action, body: Record<string, unknown> & { version: number }) {
    const now = clock.now();
    // Before the transaction: on PGlite (one connection) a query outside an open transaction would wait for it.
    const calendar = await deps.calendar();
    await db.tx(async (q) => {
      // Lock the row first: a racing action on the same order waits here and then reads the new version, so the
      // loser always hears version_conflict (not whatever check it reached first on the old snapshot).
      await q.query('select 1 from orders where id = $1 for update', [id]);
      const { order, assignments } = by ? await loadVisible(by.user, id, q) : await loadAny(id, q);
      const t = by ? checkRole(action, by.user.role) : transitionFor(action);
      if (by) checkScope(by.user, t.scope, assignments, action);
      // A stale version is reported before the state: the client acted on an old view of the order (e.g. the
      // loser of two racing dispatches finds it already dispatched), and "reload" is what it needs to hear.
      if (body.version !== order.version) fail('version_conflict', `you sent version ${body.version} but the order is at version ${order.version}; reload it`, { currentVersion: order.version });
      if (!t.from.includes(order.status)) fail('invalid_transition', `cannot ${action} an order that is ${order.status}; allowed from ${t.from.join(', ')}`);
      const actor: Actor = by?.actor ?? SYSTEM_ACTOR;
      const events: RecordedEvent[] = [];
      const ctx: ActionCtx = {
        q, order, user: by?.user ?? null, actor, now, tz: deps.tz, calendar, repo, org: deps.org, catalog: deps.catalog, policies: deps.policies, settings: await settings(q),
        event: async (type, payload, orderId) => {
          events.push({ orderId: orderId ?? order.id, type, payload } as RecordedEvent);
          await appendEvent(q, orderId ?? order.id, type, actor, now, payload);
        },
      };
      const result = await HANDLERS[action](ctx, body);
      const status = targetState(t, order.status, result.to);
      if (!(await repo.update(id, order.version, { ...result.patch, status }, now, q))) fail('version_conflict', 'someone else changed the order at the same moment; reload it');
      if (deps.effects?.length) await runEffects(deps.effects, q, { cause: action, before: order, order: (await repo.byId(id, q))!, events, actor, at: now });
    }).catch(concurrentChange);
    // Live updates are best-effort after the commit: a failed read (e.g. the pool closing at shutdown) only delays a
    // refresh, and must never surface as an unhandled rejection.
    changed(id).catch(() => undefined);
  }

  return {
    repo,
    detail,
    loadVisible,

    async create(user: AuthUser, input: OrderInput): Promise<Awaited<ReturnType<typeof detail>>> {
      const now = clock.now();
      let tier = input.tier ?? 3;
      let categoryName: string | null = null;
      if (input.categoryId != null) {
        const c = await deps.catalog.byId(input.categoryId);
        if (!c || !c.active) fail('category_not_found', `category ${input.categoryId} does not exist`);
        if (c.level !== 3) fail('category_not_leaf', `category ${c.name} is level ${c.level}; choose a third-level category`);
        if (input.tier === undefined && c.tier) tier = c.tier;
        categoryName = c.name;
      }
      await checkPetition(db, input, now); // 信访 最多投一次
      // A grid worker's patrol report (channel grid) lies in the worker's grid: its street/town is the jurisdiction.
      const jurisdictionUnitId = (input.channel === 'grid' && user.role === 'grid_worker' ? await streetAbove(user.unitPath) : null)
        ?? (deps.locate ? await deps.locate(input).catch(() => null) : null);
      const payload = { channel: input.channel, type: input.type };
      const effects = deps.effects ?? [];
      // One statement: the day's next number, the row and its `registered` event.
      const insertWith = (q: Queryable, day: string, seq: string) =>
        repo.insertRegistered(
          {
            channel: input.channel, type: input.type, title: input.title, description: input.description ?? '', address: input.address ?? '',
            lat: input.location?.lat ?? null, lng: input.location?.lng ?? null, requesterName: input.requester?.name ?? null,
            requesterPhone: input.requester?.phone ?? null, requesterIdNo: input.requester?.idNumber ?? null, requesterCompany: input.requester?.company ?? null,
            confidential: input.confidential ?? false, categoryId: input.categoryId ?? null, tier, tags: input.tags ?? [], jurisdictionUnitId, createdBy: user.id, at: now,
          },
          day,
          seq,
          { actorId: user.id, unitId: user.unitId, payload },
          q,
        );
      // Without effects the insert is one statement (atomic without BEGIN/COMMIT); with them, one transaction.
      const insert = async () => {
        // The sequence is looked up outside the transaction: PGlite has one connection, which the transaction holds.
        const { day, seq } = await daySequence(db, now, deps.tz);
        return effects.length
          ? db.tx(async (q) => {
              const row = await insertWith(q, day, seq);
              await runEffects(effects, q, { cause: 'register', before: null, order: row, events: [{ orderId: row.id, type: 'registered', payload }], actor: actorOf(user), at: now });
              return row;
            })
          : insertWith(db, day, seq);
      };
      // A day sequence dropped behind our back (42P01), or one that fell behind the day's numbers after a
      // loss (23505 on the number): forget what we know, let daySequence create / move it forward, retry.
      let o: Awaited<ReturnType<typeof insert>>;
      for (let attempt = 1; ; attempt++) {
        try {
          o = await insert();
          break;
        } catch (e) {
          const { code, constraint } = e as { code?: string; constraint?: string };
          const retryable = code === '42P01' || (code === '23505' && (constraint ?? '').includes('number'));
          if (!retryable || attempt > 3) throw e;
          forgetDaySequences(db);
        }
      }
      // A new order has no assignments yet: nothing to re-read for the live stream or for the answer.
      deps.onChange?.({ id: o.id, number: o.number, status: o.status, unitPaths: [], createdBy: user.id });
      const view = present(user, o, [], {
        events: [{ id: o.eventId, type: 'registered', at: now, actorId: user.id, actorName: user.displayName, unitId: user.unitId, unitName: user.unitName, payload }],
        pendingRequests: [], callbacks: [], attachments: [], maxReopens: 0, categoryName, mainUnitName: null,
      }, now);
      if (!deps.afterCreate) return view;
      await deps.afterCreate(user, view).catch(() => undefined);
      return detail(user, o.id);
    },

    async list(user: AuthUser, filter: ListFilter) {
      return listOrders(db, user, filter, clock.now(), deps.tz);
    },

    async act(user: AuthUser, id: number, action: Action, body: Record<string, unknown> & { version: number }) {
      await perform({ user, actor: actorOf(user) }, id, action, body);
      return detail(user, id);
    },

    /**
     * A dispatch decided by the platform's own rule (auto-dispatch on a confident suggestion), recorded with
     * the system as its actor. It takes no user: whoever registered the order gains nothing from it.
     */
    async dispatchAsSystem(id: number, body: Record<string, unknown> & { version: number }): Promise<void> {
      await perform(null, id, 'dispatch', { ...body, auto: true });
    },

    async revealPhone(user: AuthUser, id: number): Promise<{ phone: string | null }> {
      const { order, assignments } = await loadVisible(user, id);
      if (requesterHidden(user, order)) fail('requester_confidential');
      if (!mayRevealPhone(user, assignments)) fail('reveal_not_allowed', `your unit (${user.unitName}) is not the main or co-handling unit of this order (a copy 抄送 unit sees the phone masked)`);
      const now = clock.now();
      await db.tx(async (q) => {
        await takeReveal(q, user, now);
        await q.query('insert into audit_log (at, user_id, unit_id, action, order_id, detail) values ($1,$2,$3,$4,$5,$6)', [now, user.id, user.unitId, 'reveal_phone', id, JSON.stringify({ number: order.number })]);
        await appendEvent(q, id, 'phone_revealed', actorOf(user), now, {});
      });
      return { phone: order.requesterPhone };
    },
  };
}
export type OrdersService = ReturnType<typeof ordersService>;
export type OrderDetail = Awaited<ReturnType<OrdersService['detail']>>;
export type { OrderRow };
