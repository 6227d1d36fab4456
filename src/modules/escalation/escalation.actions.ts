// 分级协调 escalation as side actions of the lifecycle table: the main unit of a cross-sector or cross-district
// order it cannot settle asks a higher level to coordinate (提请上级协调) — its district, the city (the 12345
// centre coordinates for the city government) or, for a company, its industry regulator — with a reason; the
// addressed level answers by a deadline: coordinated (with a note and units assigned as co-handlers) or refused
// with a reason. The addressed unit sees the order through an `escalation` assignment while the request is open.
import { fail } from '../../shared/errors';
import { dueAfter } from '../sla';
import type { Unit } from '../org/org.repo';
import type { ActionCtx, ActionResult } from '../orders/actions';
import { endEscalation, insertEscalation, openEscalation, type EscalationLevel } from './escalation.repo';

type Body = Record<string, any>;

/** Answer-by for urgent tiers (1 紧急, 2 较急); other tiers answer by the end of the next working day. */
export const URGENT_ANSWER_MINUTES = 120;
/** Units that may be assigned by a coordination decision (as co-handlers). */
const ASSIGNABLE = ['district', 'street', 'town', 'community', 'department', 'company'];

export function defaultAnswerBy(ctx: Pick<ActionCtx, 'now' | 'tz' | 'calendar'>, tier: number): Date {
  return tier <= 2 ? new Date(ctx.now.getTime() + URGENT_ANSWER_MINUTES * 60_000) : dueAfter(ctx.now, { amount: 1, unit: 'workdays' }, ctx.tz, ctx.calendar);
}

/** The unit that coordinates at `level` for the main unit: its district, the centre (root), or its regulator. */
async function addressedUnit(ctx: ActionCtx, main: Unit, level: EscalationLevel): Promise<Unit> {
  let id: number | null = null;
  if (level === 'district') {
    const { rows } = await ctx.q.query<{ id: number }>(`select id from units where type = 'district' and $1 like path || '%' and id <> $2 order by length(path) desc limit 1`, [main.path, main.id]);
    id = rows[0]?.id ?? null;
    if (!id) fail('escalation_target_missing', `${main.name} has no district above it; ask the city (level "city") instead`);
  } else if (level === 'city') {
    const { rows } = await ctx.q.query<{ id: number }>(`select id from units where type = 'center' order by length(path) limit 1`);
    id = rows[0]?.id ?? null;
    if (!id) fail('escalation_target_missing', 'there is no 12345 centre unit');
  } else {
    const { rows } = await ctx.q.query<{ regulatorId: number | null }>('select regulator_id as "regulatorId" from units where id = $1', [main.id]);
    id = rows[0]?.regulatorId ?? null;
    if (!id) fail('escalation_target_missing', `${main.name} has no industry regulator (行业主管部门) set; an admin sets it on the company`);
  }
  return (await ctx.org.byId(id, ctx.q))!;
}

/** Ends the order's open escalation, if any, without an answer (the order left the addressed level's hands). */
export async function cancelOpenEscalation(ctx: ActionCtx, reason: string): Promise<void> {
  const e = await openEscalation(ctx.q, ctx.order.id);
  if (!e) return;
  await endEscalation(ctx.q, e, 'cancelled', { note: null, unitIds: [], by: ctx.actor.userId, at: ctx.now });
  await ctx.event('escalation_cancelled', { escalationId: e.id, reason });
}

export const ESCALATION_HANDLERS = {
  async escalate(ctx: ActionCtx, b: Body): Promise<ActionResult> {
    const main = ctx.order.mainUnitId ? await ctx.org.byId(ctx.order.mainUnitId, ctx.q) : null;
    if (!main) fail('escalation_target_missing', 'the order has no main handling unit');
    if (await openEscalation(ctx.q, ctx.order.id)) fail('escalation_open', 'this order already has an open coordination request; wait for its answer');
    const level = b.level as EscalationLevel;
    const to = await addressedUnit(ctx, main, level);
    const answerBy = defaultAnswerBy(ctx, ctx.order.tier);
    const escalationId = await insertEscalation(ctx.q, { orderId: ctx.order.id, level, fromUnitId: main.id, toUnitId: to.id, reason: b.reason, answerBy, by: ctx.actor.userId, at: ctx.now });
    await ctx.repo.addAssignment(ctx.order.id, to.id, 'escalation', ctx.actor.userId, ctx.now, ctx.q);
    await ctx.event('escalation_requested', { escalationId, level, fromUnitId: main.id, toUnitId: to.id, reason: b.reason, answerBy: answerBy.toISOString() });
    return {};
  },

  async 'escalation/answer'(ctx: ActionCtx, b: Body): Promise<ActionResult> {
    const e = await openEscalation(ctx.q, ctx.order.id);
    if (!e) fail('nothing_pending', 'this order has no open coordination request');
    const decision = b.decision as 'coordinated' | 'refused';
    const ids = decision === 'coordinated' ? [...new Set<number>(b.unitIds ?? [])] : [];
    if (decision === 'refused' && b.unitIds?.length) fail('validation_failed', 'a refusal assigns no units; leave unitIds out');
    const asg = await ctx.repo.assignments(ctx.order.id, ctx.q);
    for (const id of ids) {
      const u = await ctx.org.byId(id, ctx.q);
      if (!u) fail('unit_not_found', `unit ${id} does not exist`);
      if (!ASSIGNABLE.includes(u.type)) fail('unit_not_assignable', `${u.name} is a ${u.type} and cannot co-handle an order`);
      if (!asg.some((a) => a.active && (a.role === 'main' || a.role === 'co') && a.unitId === id)) await ctx.repo.addAssignment(ctx.order.id, id, 'co', ctx.actor.userId, ctx.now, ctx.q);
    }
    if (!(await endEscalation(ctx.q, e, decision, { note: b.note, unitIds: ids, by: ctx.actor.userId, at: ctx.now }))) fail('version_conflict', 'the request was answered at the same moment; reload the order');
    // A regulator is not above the order's units: it keeps following the order it answered as a copy (抄送) unit.
    if (e.level === 'regulator') await ctx.repo.addAssignment(ctx.order.id, e.toUnitId, 'copy', ctx.actor.userId, ctx.now, ctx.q);
    await ctx.event('escalation_answered', { escalationId: e.id, decision, note: b.note, unitIds: ids, late: ctx.now > e.answerBy });
    return {};
  },
};
