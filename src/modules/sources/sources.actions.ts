// Side actions of the lifecycle table for two intake paths (docs/SOURCES.md):
// - `petition` 信访 最多投一次: a petition about a matter the hotline already handles is linked to that order —
//   recorded once per petition case number, and the order (if still open) is put under supervision 督办;
// - `mediation` / `mediation/outcome` 调处: the main unit refers a dispute to a mediation body and records the outcome.
import { fail } from '../../shared/errors';
import type { ActionCtx, ActionResult } from '../orders/actions';
import { isOpen } from '../orders/lifecycle';

type Body = Record<string, any>;

async function pendingMediation(ctx: ActionCtx) {
  const { rows } = await ctx.q.query<{ id: number; payload: { body: string } }>(
    `select id, payload from order_requests where order_id = $1 and kind = 'mediation' and status = 'pending'`, [ctx.order.id]);
  return rows[0] ?? null;
}

export const SOURCE_HANDLERS = {
  async petition(ctx: ActionCtx, b: Body): Promise<ActionResult> {
    const caseNo = String(b.caseNo).trim();
    const { rows } = await ctx.q.query<{ orderId: number }>('select order_id as "orderId" from petition_links where case_no = $1', [caseNo]);
    if (rows[0]) fail('petition_already_linked', `petition case ${caseNo} is already linked to order ${rows[0].orderId}`);
    await ctx.q.query('insert into petition_links (order_id, case_no, linked_by, linked_at) values ($1, $2, $3, $4)', [ctx.order.id, caseNo, ctx.actor.userId, ctx.now]);
    const supervise = isOpen(ctx.order.status) && !ctx.order.supervised;
    await ctx.event('petition_linked', { caseNo, note: b.note ?? null, supervised: supervise });
    return supervise ? { patch: { supervised: true } } : {};
  },

  async mediation(ctx: ActionCtx, b: Body): Promise<ActionResult> {
    if (await pendingMediation(ctx)) fail('already_pending', 'a mediation referral for this order is still waiting for its outcome');
    const { rows } = await ctx.q.query<{ id: number }>(
      `insert into order_requests (order_id, kind, unit_id, reason, payload, requested_by, requested_at) values ($1, 'mediation', $2, $3, $4, $5, $6) returning id`,
      [ctx.order.id, ctx.order.mainUnitId, b.reason, JSON.stringify({ body: b.body }), ctx.actor.userId, ctx.now],
    );
    await ctx.event('mediation_referred', { requestId: rows[0].id, body: b.body, reason: b.reason });
    return {};
  },

  async 'mediation/outcome'(ctx: ActionCtx, b: Body): Promise<ActionResult> {
    const req = await pendingMediation(ctx);
    if (!req) fail('nothing_pending', 'this order has no mediation referral waiting for its outcome');
    await ctx.q.query(
      `update order_requests set status = $2, decided_by = $3, decided_at = $4, decision_note = $5, payload = payload || $6::jsonb where id = $1`,
      [req.id, b.outcome === 'settled' ? 'approved' : 'rejected', ctx.actor.userId, ctx.now, b.note, JSON.stringify({ outcome: b.outcome })],
    );
    await ctx.event('mediation_concluded', { requestId: req.id, body: req.payload.body, outcome: b.outcome, note: b.note });
    return {};
  },
};
