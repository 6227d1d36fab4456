// Exemption 免考核 as side actions of the lifecycle table: the main unit asks, a supervisor approves or rejects.
// An approved exemption takes the order out of every denominator of that unit (see facts.ts).
import { fail } from '../../shared/errors';
import type { ActionCtx, ActionResult } from '../orders/actions';

export const EXEMPTION_REASONS = ['unreasonable', 'duplicate', 'not_our_duty', 'force_majeure', 'other'] as const;
export type ExemptionReason = (typeof EXEMPTION_REASONS)[number];

type Body = Record<string, any>;

async function pendingExemption(ctx: ActionCtx) {
  const { rows } = await ctx.q.query<{ id: number; unitId: number | null }>(
    `select id, unit_id as "unitId" from order_requests where order_id = $1 and kind = 'exemption' and status = 'pending'`,
    [ctx.order.id],
  );
  return rows[0] ?? null;
}

async function audit(ctx: ActionCtx, action: string, detail: object) {
  await ctx.q.query('insert into audit_log (at, user_id, unit_id, action, order_id, detail) values ($1,$2,$3,$4,$5,$6)', [
    ctx.now, ctx.user?.id ?? null, ctx.user?.unitId ?? null, action, ctx.order.id, JSON.stringify({ number: ctx.order.number, ...detail }),
  ]);
}

async function decideExemption(ctx: ActionCtx, b: Body, status: 'approved' | 'rejected'): Promise<ActionResult> {
  const req = await pendingExemption(ctx);
  if (!req) fail('nothing_pending', 'there is no pending exemption request');
  await ctx.q.query(`update order_requests set status = $2, decided_by = $3, decided_at = $4, decision_note = $5 where id = $1`, [req.id, status, ctx.user?.id ?? null, ctx.now, b.note ?? null]);
  const unitId = req.unitId ?? 0;
  if (status === 'approved') await ctx.event('exemption_approved', { requestId: req.id, unitId, note: b.note ?? null });
  else await ctx.event('exemption_rejected', { requestId: req.id, unitId, note: b.note });
  await audit(ctx, `exemption_${status}`, { requestId: req.id, unitId, note: b.note ?? null });
  return {};
}

export const EXEMPTION_HANDLERS = {
  async exemption(ctx: ActionCtx, b: Body): Promise<ActionResult> {
    const unitId = ctx.order.mainUnitId;
    if (!unitId) fail('invalid_transition', 'only an order with a main handling unit can be exempted');
    if (await pendingExemption(ctx)) fail('already_pending', 'an exemption request for this order is already waiting for a decision');
    const { rows } = await ctx.q.query(`select 1 from order_requests where order_id = $1 and kind = 'exemption' and status = 'approved' and unit_id = $2`, [ctx.order.id, unitId]);
    if (rows.length) fail('already_exempted', `order ${ctx.order.number} is already exempted for this unit`);
    const { rows: ins } = await ctx.q.query<{ id: number }>(
      `insert into order_requests (order_id, kind, unit_id, reason, payload, requested_by, requested_at) values ($1,'exemption',$2,$3,$4,$5,$6) returning id`,
      [ctx.order.id, unitId, b.reason, JSON.stringify({ note: b.note }), ctx.user?.id ?? null, ctx.now],
    );
    await ctx.event('exemption_requested', { reason: b.reason, note: b.note, requestId: ins[0].id, unitId });
    await audit(ctx, 'exemption_requested', { requestId: ins[0].id, unitId, reason: b.reason });
    return {};
  },
  'exemption/approve': (ctx: ActionCtx, b: Body) => decideExemption(ctx, b, 'approved'),
  'exemption/reject': (ctx: ActionCtx, b: Body) => decideExemption(ctx, b, 'rejected'),
};
