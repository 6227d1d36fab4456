// Whistle 吹哨报到 as side actions of the lifecycle table (DOMAIN §6): the handling street (or its community)
// summons departments and companies, each reports (报到) before the report-by time, the street rates each one
// and the whistle closes. A summoned unit sees the order through a `whistle` assignment while the whistle is open.
import { fail } from '../../shared/errors';
import { dueAfter } from '../sla';
import type { ActionCtx, ActionResult } from '../orders/actions';
import { claimAlert, endWhistle, insertWhistle, openWhistle, recordRating, recordReport, whistleUnits, type WhistleScore } from './whistle.repo';

type Body = Record<string, any>;

/** Units that may blow the whistle as the order's main handler (a district above a street acts for it). */
export const WHISTLER_TYPES = ['street', 'town', 'community'];
/** Units that can be summoned. */
export const SUMMONED_TYPES = ['department', 'company'];
/** Default report-by for urgent tiers (1 紧急, 2 较急); other tiers report by the end of the next working day. */
export const URGENT_REPORT_MINUTES = 30;

function instantOrFail(s: string, what: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) fail('invalid_date', `${what} "${s}" is not a valid ISO 8601 time`);
  return d;
}

/** When summoned units must report by default: 30 min for tiers 1–2, else the end of the next working day. */
export function defaultReportBy(ctx: Pick<ActionCtx, 'now' | 'tz' | 'calendar'>, tier: number): Date {
  return tier <= 2 ? new Date(ctx.now.getTime() + URGENT_REPORT_MINUTES * 60_000) : dueAfter(ctx.now, { amount: 1, unit: 'workdays' }, ctx.tz, ctx.calendar);
}

/** A unit still without a report one working day after the report-by time is missing (缺报), not just late. */
export function missingAfter(ctx: Pick<ActionCtx, 'tz' | 'calendar'>, reportBy: Date): Date {
  return dueAfter(reportBy, { amount: 1, unit: 'workdays' }, ctx.tz, ctx.calendar);
}

async function openOrFail(ctx: ActionCtx) {
  const w = await openWhistle(ctx.q, ctx.order.id);
  if (!w) fail('nothing_pending', 'this order has no open whistle');
  return w;
}

/** Ends the order's open whistle, if any, without ratings (the order went back to the centre). */
export async function cancelOpenWhistle(ctx: ActionCtx, reason: string): Promise<void> {
  const w = await openWhistle(ctx.q, ctx.order.id);
  if (!w) return;
  await endWhistle(ctx.q, w, 'cancelled', ctx.actor.userId, ctx.now);
  await ctx.event('whistle_cancelled', { whistleId: w.id, reason });
}

export const WHISTLE_HANDLERS = {
  async whistle(ctx: ActionCtx, b: Body): Promise<ActionResult> {
    const main = ctx.order.mainUnitId ? await ctx.org.byId(ctx.order.mainUnitId, ctx.q) : null;
    if (!main || !WHISTLER_TYPES.includes(main.type)) fail('whistle_not_allowed', `the whistle is blown by a street, town or community handling the order${main ? `; ${main.name} is a ${main.type}` : ''}`);
    if (await openWhistle(ctx.q, ctx.order.id)) fail('whistle_open', 'this order already has an open whistle; rate its units first, then blow again to summon others');
    // The whistling unit: the user's own unit when it holds the order (main or sub-dispatched community), else the main unit.
    const asg = await ctx.repo.assignments(ctx.order.id, ctx.q);
    const own = asg.find((a) => a.active && (a.role === 'main' || a.role === 'sub') && a.unitId === ctx.user?.unitId);
    const whistlerId = own?.unitId ?? main.id;
    const ids = [...new Set<number>(b.departmentIds)];
    for (const id of ids) {
      const u = await ctx.org.byId(id, ctx.q);
      if (!u) fail('unit_not_found', `unit ${id} does not exist`);
      if (!SUMMONED_TYPES.includes(u.type)) fail('unit_not_assignable', `${u.name} is a ${u.type}; the whistle summons departments and companies`);
    }
    const reportBy = b.reportBy ? instantOrFail(b.reportBy, 'reportBy') : defaultReportBy(ctx, ctx.order.tier);
    if (reportBy.getTime() <= ctx.now.getTime()) fail('validation_failed', 'the report-by time (reportBy) must be in the future');
    const whistleId = await insertWhistle(ctx.q, { orderId: ctx.order.id, unitId: whistlerId, reason: b.reason, reportBy, missingAt: missingAfter(ctx, reportBy), by: ctx.actor.userId, at: ctx.now }, ids);
    for (const id of ids) await ctx.repo.addAssignment(ctx.order.id, id, 'whistle', ctx.actor.userId, ctx.now, ctx.q);
    await ctx.event('whistle_blown', { whistleId, whistlerUnitId: whistlerId, unitIds: ids, reason: b.reason, reportBy: reportBy.toISOString() });
    return {};
  },

  async 'whistle/report'(ctx: ActionCtx, b: Body): Promise<ActionResult> {
    const w = await openOrFail(ctx);
    const path = ctx.user?.unitPath ?? '';
    const mine = (await whistleUnits(ctx.q, [w.id])).filter((u) => u.unitPath.startsWith(path));
    let unit = b.unitId !== undefined ? mine.find((u) => u.unitId === b.unitId) : mine.find((u) => u.unitId === ctx.user?.unitId);
    if (!unit && b.unitId === undefined) {
      const open = mine.filter((u) => !u.reportedAt);
      if (open.length > 1) fail('validation_failed', `your unit is above several summoned units (${open.map((u) => u.unitName).join('、')}); name the one reporting in unitId`);
      unit = open[0] ?? mine[0];
    }
    if (!unit) fail('forbidden', b.unitId !== undefined ? `unit ${b.unitId} is not summoned by this whistle within your unit` : 'your unit is not summoned by this whistle');
    if (unit.reportedAt) fail('already_reported', `${unit.unitName} already reported at ${unit.reportedAt.toISOString()}`);
    const onSiteAt = b.onSiteAt ? instantOrFail(b.onSiteAt, 'onSiteAt') : null;
    if (!(await recordReport(ctx.q, w.id, unit.unitId, { action: b.action, note: b.note ?? null, onSiteAt, by: ctx.actor.userId, at: ctx.now }))) {
      fail('already_reported', `${unit.unitName} already reported`);
    }
    await ctx.event('whistle_reported', { whistleId: w.id, unitId: unit.unitId, action: b.action, onSiteAt: onSiteAt?.toISOString() ?? null, note: b.note ?? null, late: ctx.now > w.reportBy });
    return {};
  },

  async 'whistle/rate'(ctx: ActionCtx, b: Body): Promise<ActionResult> {
    const w = await openOrFail(ctx);
    const units = await whistleUnits(ctx.q, [w.id]);
    const ratings = b.ratings as { unitId: number; score: WhistleScore; note?: string }[];
    const given = new Map<number, { unitId: number; score: WhistleScore; note?: string }>();
    for (const r of ratings) {
      if (given.has(r.unitId)) fail('whistle_ratings_incomplete', `unit ${r.unitId} is rated twice; give one rating per summoned unit`);
      if (!units.some((u) => u.unitId === r.unitId)) fail('whistle_ratings_incomplete', `unit ${r.unitId} was not summoned by this whistle`);
      given.set(r.unitId, r);
    }
    const unrated = units.filter((u) => !given.has(u.unitId));
    if (unrated.length) fail('whistle_ratings_incomplete', `rate every summoned unit; missing: ${unrated.map((u) => u.unitName).join('、')}`, { missing: unrated.map((u) => u.unitId) });
    // A unit keeps its time to report: the whistle closes early only when every unit has reported.
    const waiting = units.filter((u) => !u.reportedAt);
    if (waiting.length && ctx.now <= w.reportBy) fail('whistle_not_due', `${waiting.map((u) => u.unitName).join('、')} may report until ${w.reportBy.toISOString()}; rate after that time or once every unit has reported`);
    for (const u of units) {
      const r = given.get(u.unitId)!;
      await recordRating(ctx.q, w.id, u.unitId, r.score, r.note ?? null, ctx.now);
      // Closing the whistle ends the wait: a unit that never reported is missing (once, whatever the sweep did).
      if (!u.reportedAt && (await claimAlert(ctx.q, w.id, u.unitId, 'missing', ctx.now))) {
        await ctx.event('whistle_missing', { whistleId: w.id, unitId: u.unitId, reportBy: w.reportBy.toISOString() });
      }
    }
    await endWhistle(ctx.q, w, 'closed', ctx.actor.userId, ctx.now);
    await ctx.event('whistle_rated', { whistleId: w.id, ratings: units.map((u) => ({ unitId: u.unitId, score: given.get(u.unitId)!.score, note: given.get(u.unitId)!.note ?? null })) });
    return {};
  },
};
