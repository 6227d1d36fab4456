// One handler per lifecycle action. Each validates its body against the order, appends its typed
// event and returns the patch; the service applies it under the version check, in one transaction.
import type { Queryable } from '../../db';
import { fail } from '../../shared/errors';
import { appendEvent, type Actor, type EventPayloads, type EventType } from '../../shared/events';
import { computeDeadlines, localDate, type DeadlineName, type Limit, type WorkCalendar } from '../sla';
import { clockPatch, extendedPatch } from './deadline-patch';
import { parseDate } from '../sla/timezone';
import type { OrgRepo, Unit } from '../org/org.repo';
import type { CatalogRepo } from '../catalog/catalog.repo';
import type { PoliciesRepo } from '../sla/policies.repo';
import type { AuthUser } from '../users/users.repo';
import { isOpen, type Action, type State } from './lifecycle';
import { EXEMPTION_HANDLERS } from '../assessment/exemption.actions';
import { cancelOpenWhistle, WHISTLE_HANDLERS } from '../whistle/whistle.actions';
import { cancelOpenEscalation, ESCALATION_HANDLERS } from '../escalation/escalation.actions';
import type { OrderPatch, OrderRow, OrdersRepo } from './orders.repo';
import { dueAfter } from '../sla/deadlines';
import { fallbackFor } from './return-fallback';
import { SOURCE_HANDLERS } from '../sources/sources.actions';

/** How soon after the reply the callback is due. */
const CALLBACK_LIMIT: Limit = { amount: 1, unit: 'workdays' };

export interface ActionCtx {
  q: Queryable;
  order: OrderRow;
  /** The acting user; null when the system acts by its own rule (auto-dispatch). */
  user: AuthUser | null;
  /** Who the events, assignments and decisions record: the user, or the system (userId null). */
  actor: Actor;
  now: Date;
  tz: string;
  /** The official working-day calendar (shipped table plus entered years). */
  calendar: WorkCalendar;
  repo: OrdersRepo;
  org: OrgRepo;
  catalog: CatalogRepo;
  policies: PoliciesRepo;
  settings: { maxReopens: number; callbackMaxAttempts: number };
  event<T extends EventType>(type: T, payload: EventPayloads[T], orderId?: number): Promise<void>;
}
export interface ActionResult {
  patch?: OrderPatch;
  to?: State;
}
// Bodies are validated by the route schemas; handlers check what depends on the order.
type Body = Record<string, any>;

const MAIN_TYPES = ['district', 'street', 'town', 'community', 'department', 'company'];

async function unitOrFail(ctx: ActionCtx, id: number, what: string, allowed: string[]): Promise<Unit> {
  const u = await ctx.org.byId(id, ctx.q);
  if (!u) fail('unit_not_found', `${what} ${id} is not a unit`);
  if (!allowed.includes(u.type)) fail('unit_not_assignable', `${u.name} is a ${u.type} and cannot be the ${what}`);
  return u;
}

/** 双派: a property company 物业 serving the main unit (a community) or a community below it (a street). */
async function propertyOrFail(ctx: ActionCtx, id: number, main: Unit): Promise<Unit> {
  const p = await unitOrFail(ctx, id, 'property company', ['property']);
  const { rows } = await ctx.q.query(
    `select 1 from property_communities pc join units c on c.id = pc.community_unit_id where pc.property_unit_id = $1 and c.path like $2 || '%' limit 1`,
    [p.id, main.path],
  );
  if (!rows.length) fail('property_not_serving', `${p.name} serves no community of ${main.name}; dispatch a compound's order to its community (or street) with the property company that serves it`);
  return p;
}

async function leafOrFail(ctx: ActionCtx, id: number) {
  const c = await ctx.catalog.byId(id, ctx.q);
  if (!c || !c.active) fail('category_not_found', `category ${id} does not exist or is retired`);
  if (c.level !== 3) fail('category_not_leaf', `category ${c.name} is level ${c.level}`);
  return c;
}

/** A new deadline clock from now for the given tier (all three deadlines, or those named). */
async function newClock(ctx: ActionCtx, tier: number, names?: readonly DeadlineName[]): Promise<OrderPatch> {
  const d = computeDeadlines(ctx.now, await ctx.policies.byTier(tier, ctx.q), ctx.tz, ctx.calendar);
  return { clockNo: ctx.order.clockNo + 1, clockStartedAt: ctx.now, ...clockPatch(ctx.order, d, names) };
}

async function pending(ctx: ActionCtx, kind: 'return' | 'extension') {
  const { rows } = await ctx.q.query<{ id: number; payload: Body }>(`select id, payload from order_requests where order_id = $1 and kind = $2 and status = 'pending'`, [ctx.order.id, kind]);
  return rows[0] ?? null;
}

async function decide(ctx: ActionCtx, id: number, status: 'approved' | 'rejected', note: string | null) {
  await ctx.q.query(`update order_requests set status = $2, decided_by = $3, decided_at = $4, decision_note = $5 where id = $1`, [id, status, ctx.actor.userId, ctx.now, note]);
}

async function newRequest(ctx: ActionCtx, kind: 'return' | 'extension', reason: string, payload: object): Promise<number> {
  if (await pending(ctx, kind)) fail('already_pending', `a ${kind} request for this order is already waiting for a decision`);
  const { rows } = await ctx.q.query<{ id: number }>(
    `insert into order_requests (order_id, kind, unit_id, reason, payload, requested_by, requested_at) values ($1,$2,$3,$4,$5,$6,$7) returning id`,
    [ctx.order.id, kind, ctx.order.mainUnitId, reason, JSON.stringify(payload), ctx.actor.userId, ctx.now],
  );
  return rows[0].id;
}

export const HANDLERS: Record<Action, (ctx: ActionCtx, b: Body) => Promise<ActionResult>> = {
  async answer(ctx, b) {
    await ctx.event('answered', { answer: b.answer, kbArticleId: b.kbArticleId ?? null });
    return { patch: { closedAt: ctx.now, kbArticleId: b.kbArticleId ?? null } };
  },

  async dispatch(ctx, b) {
    const main = await unitOrFail(ctx, b.mainUnitId, 'main handler', MAIN_TYPES);
    const co: number[] = [...new Set<number>(b.coUnitIds ?? [])].filter((x) => x !== main.id);
    const copy: number[] = [...new Set<number>(b.copyUnitIds ?? [])].filter((x) => x !== main.id && !co.includes(x));
    for (const id of co) await unitOrFail(ctx, id, 'co-handler', MAIN_TYPES);
    const property = b.propertyUnitId == null ? null : await propertyOrFail(ctx, b.propertyUnitId, main);
    for (const id of copy) await unitOrFail(ctx, id, 'copy recipient', [...MAIN_TYPES, 'grid']);
    let categoryId: number | null = ctx.order.categoryId;
    let tier: number = b.tier ?? ctx.order.tier;
    if (b.categoryId !== undefined && b.categoryId !== null) {
      const leaf = await leafOrFail(ctx, b.categoryId);
      categoryId = leaf.id;
      if (b.tier === undefined && leaf.tier) tier = leaf.tier;
      if (categoryId !== ctx.order.categoryId) await ctx.event('category_changed', { from: ctx.order.categoryId, to: categoryId });
    }
    // Registration may leave the category empty; a dispatch may not: the leaf decides the deadlines, the
    // handler rule and the assessment. Refused before anything is written (docs/DISPATCH.md).
    if (categoryId === null) fail('dispatch_category_required', `order ${ctx.order.number} has no category; choose a third-level (leaf) category (categoryId) to dispatch it`);
    await ctx.repo.deactivateAssignments(ctx.order.id, ctx.q);
    await ctx.repo.addAssignment(ctx.order.id, main.id, 'main', ctx.actor.userId, ctx.now, ctx.q);
    for (const id of co) await ctx.repo.addAssignment(ctx.order.id, id, 'co', ctx.actor.userId, ctx.now, ctx.q);
    // 双派: the property company handles with the community (read/write as a co-handler) and is assessed with it.
    if (property && !co.includes(property.id)) await ctx.repo.addAssignment(ctx.order.id, property.id, 'co', ctx.actor.userId, ctx.now, ctx.q);
    for (const id of copy) await ctx.repo.addAssignment(ctx.order.id, id, 'copy', ctx.actor.userId, ctx.now, ctx.q);
    await ctx.event('dispatched', { mainUnitId: main.id, coUnitIds: co, copyUnitIds: copy, categoryId, tier, note: b.note ?? null, auto: b.auto === true, ...(b.confidence !== undefined ? { confidence: b.confidence } : {}), ...(property ? { propertyUnitId: property.id } : {}) });
    return { patch: { mainUnitId: main.id, categoryId, tier, signedAt: null, firstContactAt: null, ...(await newClock({ ...ctx, order: { ...ctx.order } }, tier)) } };
  },

  async sign(ctx) {
    await ctx.event('signed', {});
    return { patch: { signedAt: ctx.now } };
  },

  async contact(ctx, b) {
    await ctx.event('contacted', { note: b.note });
    return { patch: ctx.order.firstContactAt ? {} : { firstContactAt: ctx.now } };
  },

  async subdispatch(ctx, b) {
    const main = ctx.order.mainUnitId ? await ctx.org.byId(ctx.order.mainUnitId, ctx.q) : null;
    const target = await unitOrFail(ctx, b.unitId, 'sub-dispatch target', ['community', 'grid']);
    if (!main || !target.path.startsWith(main.path) || target.id === main.id) fail('unit_not_assignable', `${target.name} is not below the main handler; sub-dispatch goes to a community or grid of the handling street`);
    const already = (await ctx.repo.assignments(ctx.order.id, ctx.q)).some((a) => a.active && a.role === 'sub' && a.unitId === target.id);
    if (!already) await ctx.repo.addAssignment(ctx.order.id, target.id, 'sub', ctx.actor.userId, ctx.now, ctx.q);
    await ctx.event('subdispatched', { unitId: target.id, note: b.note ?? null });
    return {};
  },

  async reply(ctx, b) {
    await cancelOpenEscalation(ctx, 'replied');
    await ctx.event('replied', { result: b.result, replyToRequester: b.replyToRequester });
    // DOMAIN §7: the callback follows within 1 working day of the reply, on the official calendar.
    return { patch: { repliedAt: ctx.now, callbackDueAt: dueAfter(ctx.now, CALLBACK_LIMIT, ctx.tz, ctx.calendar) } };
  },

  async return(ctx, b) {
    const requestId = await newRequest(ctx, 'return', b.reason, { fromState: ctx.order.status });
    await ctx.event('return_requested', { reason: b.reason, requestId });
    return {};
  },

  async 'return/approve'(ctx, b) {
    const req = await pending(ctx, 'return');
    if (!req) fail('nothing_pending', 'there is no pending return request');
    // 首办负责制: the returning unit keeps the order until this step, which also sets the new owner — the one
    // named, or the fallback unit (兜底单位) of the returning unit's district. Never back to an empty queue.
    const fromUnitId = ctx.order.mainUnitId;
    const fallback = b.mainUnitId === undefined;
    const owner: number | null = b.mainUnitId ?? (fromUnitId === null ? null : await fallbackFor(ctx.q, fromUnitId));
    if (owner === null) fail('return_owner_required', 'name the new handling unit (mainUnitId): no fallback unit (兜底单位) is set for the returning unit\'s district');
    if (owner === fromUnitId) fail('return_owner_same', fallback ? 'the district\'s fallback unit is the unit that asked to return the order; name another unit' : undefined);
    await decide(ctx, req.id, 'approved', b.note ?? null);
    await cancelOpenWhistle(ctx, 'return_approved');
    await cancelOpenEscalation(ctx, 'return_approved');
    await ctx.event('return_approved', { note: b.note ?? null, fromUnitId, toUnitId: owner, fallback });
    // The re-dispatch starts a new clock for the new unit (and a new assessment stint).
    const { patch } = await HANDLERS.dispatch(ctx, { mainUnitId: owner, coUnitIds: b.coUnitIds, copyUnitIds: b.copyUnitIds, propertyUnitId: b.propertyUnitId, categoryId: b.categoryId, tier: b.tier, note: b.note ?? null });
    return { patch, to: 'dispatched' };
  },

  async 'return/reject'(ctx, b) {
    const req = await pending(ctx, 'return');
    if (!req) fail('nothing_pending', 'there is no pending return request');
    await decide(ctx, req.id, 'rejected', b.note);
    await ctx.event('return_rejected', { note: b.note });
    return { to: req.payload.fromState === 'accepted' ? 'accepted' : 'dispatched' };
  },

  async extension(ctx, b) {
    const extra = b.extra as Limit;
    const requestId = await newRequest(ctx, 'extension', b.reason, { extra });
    await ctx.event('extension_requested', { reason: b.reason, extra, requestId });
    return {};
  },

  async 'extension/approve'(ctx, b) {
    const req = await pending(ctx, 'extension');
    if (!req) fail('nothing_pending', 'there is no pending extension request');
    const old = ctx.order.resolveDueAt ?? ctx.now;
    const patch = extendedPatch(ctx.order, ctx.now, req.payload.extra as Limit, ctx.tz, ctx.calendar);
    await decide(ctx, req.id, 'approved', b.note ?? null);
    await ctx.event('extension_approved', { note: b.note ?? null, oldDueAt: old.toISOString(), newDueAt: patch.resolveDueAt!.toISOString() });
    // Only the resolution deadline moves; the sweep's claims are per due instant, so only its warnings re-arm.
    return { patch };
  },

  async 'extension/reject'(ctx, b) {
    const req = await pending(ctx, 'extension');
    if (!req) fail('nothing_pending', 'there is no pending extension request');
    await decide(ctx, req.id, 'rejected', b.note);
    await ctx.event('extension_rejected', { note: b.note });
    return {};
  },

  async callback(ctx, b) {
    const o = ctx.order;
    const { rows } = await ctx.q.query<{ n: number }>('select count(*)::int as n from order_callbacks where order_id = $1 and at >= $2', [o.id, o.repliedAt ?? o.createdAt]);
    const attempt = rows[0].n + 1;
    const done = b.outcome === 'done';
    if (done && (!b.resolution || !b.satisfaction)) fail('validation_failed', 'a completed callback records both resolution and satisfaction');
    const rec = { outcome: b.outcome, contacted: done ? (b.contacted ?? null) : null, resolution: done ? b.resolution : null, satisfaction: done ? b.satisfaction : null, attitude: done ? (b.attitude ?? null) : null, note: b.note ?? '' };
    await ctx.q.query(
      `insert into order_callbacks (order_id, outcome, contacted, resolution, satisfaction, attitude, note, agent_id, unit_id, at) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [o.id, rec.outcome, rec.contacted, rec.resolution, rec.satisfaction, rec.attitude, rec.note, ctx.actor.userId, o.mainUnitId, ctx.now],
    );
    await ctx.event('callback_recorded', { ...rec, attempt });
    let reason: 'evaluated' | 'refused' | 'unreachable' | null = null;
    if (b.outcome === 'refused') reason = 'refused';
    else if (b.outcome === 'unreachable') reason = attempt >= ctx.settings.callbackMaxAttempts ? 'unreachable' : null;
    else if (b.resolution !== 'unresolved' && b.satisfaction !== 'unsatisfied') reason = 'evaluated';
    // Unresolved or unsatisfied: the order stays replied until the agent reopens or closes it.
    if (!reason) return { to: 'replied' };
    await ctx.event('closed', { note: null, reason });
    return { to: 'closed', patch: { closedAt: ctx.now } };
  },

  async reopen(ctx, b) {
    const o = ctx.order;
    if (o.reopenCount >= ctx.settings.maxReopens) fail('reopen_limit_reached', `this order was already reopened ${o.reopenCount} time(s); the limit is ${ctx.settings.maxReopens}`);
    await ctx.event('reopened', { reason: b.reason, reopenCount: o.reopenCount + 1 });
    // Back to the same unit, already signed: the contact and resolution clocks start again.
    return { patch: { reopenCount: o.reopenCount + 1, repliedAt: null, ...(await newClock(ctx, o.tier, ['contact', 'resolve'])) } };
  },

  async close(ctx, b) {
    await ctx.event('closed', { note: b.note ?? null, reason: 'manual' });
    return { patch: { closedAt: ctx.now } };
  },

  async merge(ctx, b) {
    if (b.parentId === ctx.order.id) fail('merge_target_invalid', 'an order cannot be merged into itself');
    const parent = await ctx.repo.byId(b.parentId, ctx.q);
    if (!parent || !isOpen(parent.status) || parent.parentId !== null) fail('merge_target_invalid', parent ? `order ${parent.number} is ${parent.status}; merge into an open order` : `order ${b.parentId} does not exist`);
    await ctx.event('merged', { parentId: parent.id, parentNumber: parent.number });
    await ctx.event('child_merged', { childId: ctx.order.id, childNumber: ctx.order.number }, parent.id);
    return { patch: { parentId: parent.id, closedAt: ctx.now } };
  },

  async invalidate(ctx, b) {
    if (ctx.order.status === 'return_requested') {
      const req = await pending(ctx, 'return');
      if (req) await decide(ctx, req.id, 'approved', `invalid: ${b.reason}`);
      await cancelOpenWhistle(ctx, 'invalidated');
      await cancelOpenEscalation(ctx, 'invalidated');
    }
    await ctx.event('invalidated', { reason: b.reason });
    return { patch: { closedAt: ctx.now } };
  },

  async list(ctx, b) {
    parseDate(b.until); // 400 invalid_date for an impossible date such as 2026-02-30
    // "Today" is the hotline's local date, not the UTC one (07:00 in Beijing is still yesterday in UTC).
    if (b.until <= localDate(ctx.now, ctx.tz)) fail('validation_failed', 'the plan date (until) of a listed order must be in the future');
    await cancelOpenEscalation(ctx, 'listed');
    await ctx.event('listed', { reason: b.reason, until: b.until });
    return { patch: { listedUntil: b.until } };
  },

  async supervise(ctx, b) {
    await ctx.event('supervised', { note: b.note, auto: false });
    return { patch: { supervised: true } };
  },

  ...EXEMPTION_HANDLERS,
  ...WHISTLE_HANDLERS,
  ...SOURCE_HANDLERS,
  ...ESCALATION_HANDLERS,
};

export function actorOf(user: AuthUser): Actor {
  return { userId: user.id, unitId: user.unitId };
}
export { appendEvent };
