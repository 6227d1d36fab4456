// The first duty alert: when a tier-1 or tier-2 order is dispatched, the person on duty 值班人员 for the main
// unit at that instant (the roster; else the unit's default contact; else the unit's own channel) gets an
// alert through the outbox, in the dispatch's transaction — nights, weekends and holidays alike. The dispatch's own
// event is its history entry (the hook adds no event of its own); the claim row in duty_alerts records the stage.
import type { Queryable } from '../../db';
import type { EffectHook } from '../orders/effects';
import { enqueue } from '../notify/outbox';
import { cityTime } from '../notify/hook';
import { claimDutyAlert, onDuty, personOf, recipientOf } from './duty.repo';

/** Tiers whose orders page the person on duty (1 紧急, 2 较急). */
export const DUTY_TIERS = 2;

export function dutyDispatchHook(tz: string): EffectHook {
  return async (q: Queryable, e) => {
    const o = e.order;
    if (!e.events.some((ev) => ev.orderId === o.id && ev.type === 'dispatched')) return;
    if (o.tier > DUTY_TIERS || !o.mainUnitId || o.status !== 'dispatched') return;
    if (!(await claimDutyAlert(q, o.id, o.clockNo, 'duty', o.mainUnitId, e.at))) return;
    const unitName = (await q.query<{ name: string }>('select name from units where id = $1', [o.mainUnitId])).rows[0]?.name ?? '';
    const duty = await onDuty(q, o.mainUnitId, e.at);
    const targets = duty.people.length ? duty.people.map((p) => ({ recipient: recipientOf(p), person: personOf(p) })) : [{ recipient: `unit:${o.mainUnitId}`, person: '' }];
    for (const t of targets) {
      await enqueue(q, { template: 'duty_alert', recipient: t.recipient, orderId: o.id, vars: { number: o.number, title: o.title, unitName, person: t.person, signDueAt: cityTime(o.signDueAt, tz) } }, e.at);
    }
  };
}
