// Orders: intake, reading (scoped and masked), and every lifecycle action in one transaction.
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import { appendEvent, type Actor } from '../../shared/events';
import { warningLevel, type WorkCalendar } from '../sla';
import type { CatalogRepo } from '../catalog/catalog.repo';
import type { OrgRepo } from '../org/org.repo';
import type { PoliciesRepo } from '../sla/policies.repo';
import type { AuthUser } from '../users/users.repo';
import { canSee, checkScope, requesterHidden } from './access';
import { HANDLERS, actorOf, type ActionCtx } from './actions';
import { checkRole, checkTransition, CLOCKED_STATES, targetState, type Action } from './lifecycle';
import { daySequence, forgetDaySequences } from './numbering';
import { ordersRepo, type OrderRow } from './orders.repo';
import { listOrders, type ListFilter } from './orders.list';
import { allowedActions, toSummary } from './orders.view';

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
}

export interface OrderChange {
  id: number;
  number: string;
  status: string;
  unitPaths: string[];
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
}

async function settings(q: Queryable) {
  const { rows } = await q.query<{ key: string; value: number }>(`select key, value from settings where key in ('max_reopens', 'callback_max_attempts')`);
  const m = new Map(rows.map((r) => [r.key, Number(r.value)]));
  return { maxReopens: m.get('max_reopens') ?? 2, callbackMaxAttempts: m.get('callback_max_attempts') ?? 3 };
}

export function ordersService(deps: OrdersDeps) {
  const { db, clock } = deps;
  const repo = ordersRepo(db);

  async function changed(id: number) {
    if (!deps.onChange) return;
    const o = await repo.byId(id);
    if (!o) return;
    const asg = await repo.assignments(id);
    deps.onChange({ id, number: o.number, status: o.status, unitPaths: asg.filter((a) => a.active).map((a) => a.unitPath) });
  }

  async function loadVisible(user: AuthUser, id: number, q: Queryable = db) {
    const order = await repo.byId(id, q);
    if (!order) fail('order_not_found', `order ${id} does not exist or is outside your unit`);
    const assignments = await repo.assignments(id, q);
    // Outside the user's subtree: the same answer as a missing order, so nothing leaks.
    if (!canSee(user, assignments)) fail('order_not_found', `order ${id} does not exist or is outside your unit`);
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
        sign: { dueAt: o.signDueAt?.toISOString() ?? null, level: o.signedAt ? null : level(o.signDueAt) },
        contact: { dueAt: o.contactDueAt?.toISOString() ?? null, level: o.firstContactAt ? null : level(o.contactDueAt) },
        resolve: { dueAt: o.resolveDueAt?.toISOString() ?? null, level: o.repliedAt || o.closedAt ? null : level(o.resolveDueAt) },
      },
      pendingRequests: pendingRequests.map((r) => ({ id: r.id, kind: r.kind, reason: r.reason, payload: r.payload, requestedAt: r.requestedAt.toISOString(), unitName: r.unitName })),
      callbacks: callbacks.map((c) => ({ ...c, at: c.at.toISOString() })),
      attachments: attachments.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
      allowedActions: allowedActions(user, o, assignments, pendingRequests.map((r) => r.kind), x.maxReopens),
    };
  }

  async function detail(user: AuthUser, id: number) {
    const { order: o, assignments } = await loadVisible(user, id);
    const now = clock.now();
    const [events, pendingRequests, callbacks, attachments, cfg, names] = await Promise.all([
      repo.events(id),
      repo.pendingRequests(id),
      repo.callbacks(id),
      repo.attachments(id),
      settings(db),
      db.query<{ c: string | null; u: string | null }>('select (select name from catalog_categories where id = $1) as c, (select name from units where id = $2) as u', [o.categoryId, o.mainUnitId]),
    ]);
    return present(user, o, assignments, { events, pendingRequests, callbacks, attachments, maxReopens: cfg.maxReopens, categoryName: names.rows[0].c, mainUnitName: names.rows[0].u }, now);
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
      const jurisdictionUnitId = deps.locate ? await deps.locate(input).catch(() => null) : null;
      const payload = { channel: input.channel, type: input.type };
      // One statement: the day's next number, the row and its `registered` event (atomic without BEGIN/COMMIT).
      const insert = async () => {
        const { day, seq } = await daySequence(db, now, deps.tz);
        return repo.insertRegistered(
          {
            channel: input.channel, type: input.type, title: input.title, description: input.description ?? '', address: input.address ?? '',
            lat: input.location?.lat ?? null, lng: input.location?.lng ?? null, requesterName: input.requester?.name ?? null,
            requesterPhone: input.requester?.phone ?? null, requesterIdNo: input.requester?.idNumber ?? null, requesterCompany: input.requester?.company ?? null,
            confidential: input.confidential ?? false, categoryId: input.categoryId ?? null, tier, tags: input.tags ?? [], jurisdictionUnitId, createdBy: user.id, at: now,
          },
          day,
          seq,
          { actorId: user.id, unitId: user.unitId, payload },
        );
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
      deps.onChange?.({ id: o.id, number: o.number, status: o.status, unitPaths: [] });
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
      const now = clock.now();
      // Before the transaction: on PGlite (one connection) a query outside an open transaction would wait for it.
      const calendar = await deps.calendar();
      await db.tx(async (q) => {
        const { order, assignments } = await loadVisible(user, id, q);
        const t = checkRole(action, user.role);
        checkScope(user, t.scope, assignments, action);
        // A stale version is reported before the state: the client acted on an old view of the order (e.g. the
        // loser of two racing dispatches finds it already dispatched), and "reload" is what it needs to hear.
        if (body.version !== order.version) fail('version_conflict', `you sent version ${body.version} but the order is at version ${order.version}; reload it`, { currentVersion: order.version });
        checkTransition(order.status, action, user.role);
        const actor: Actor = actorOf(user);
        const ctx: ActionCtx = {
          q, order, user, now, tz: deps.tz, calendar, repo, org: deps.org, catalog: deps.catalog, policies: deps.policies, settings: await settings(q),
          event: (type, payload, orderId) => appendEvent(q, orderId ?? order.id, type, actor, now, payload),
        };
        const result = await HANDLERS[action](ctx, body);
        const status = targetState(t, order.status, result.to);
        if (!(await repo.update(id, order.version, { ...result.patch, status }, now, q))) fail('version_conflict', 'someone else changed the order at the same moment; reload it');
      });
      void changed(id);
      return detail(user, id);
    },

    async revealPhone(user: AuthUser, id: number): Promise<{ phone: string | null }> {
      const { order } = await loadVisible(user, id);
      if (requesterHidden(user, order)) fail('requester_confidential');
      const now = clock.now();
      await db.tx(async (q) => {
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
