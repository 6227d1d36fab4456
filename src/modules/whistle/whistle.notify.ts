// Alerts to summoned units, written to the notifications outbox in the transaction of the whistle event that
// causes them (an effects hook, orders/effects.ts): summoned, report overdue, report missing.
import type { Queryable } from '../../db';
import type { EffectHook } from '../orders/effects';
import { enqueue } from '../notify/outbox';
import { cityTime } from '../notify/hook';

export function whistleNotifyHook(tz: string): EffectHook {
  return async (q: Queryable, e) => {
    const name = async (id: number) => (await q.query<{ name: string }>('select name from units where id = $1', [id])).rows[0]?.name ?? '';
    const base = { number: e.order.number, title: e.order.title };
    for (const ev of e.events) {
      if (ev.orderId !== e.order.id) continue;
      if (ev.type === 'whistle_blown') {
        const p = ev.payload as { unitIds: number[]; whistlerUnitId: number; reason: string; reportBy: string };
        const whistler = await name(p.whistlerUnitId);
        for (const id of p.unitIds) {
          await enqueue(q, { template: 'unit_whistle', recipient: `unit:${id}`, orderId: e.order.id, vars: { ...base, unitName: await name(id), whistler, reason: p.reason, reportBy: cityTime(p.reportBy, tz) } }, e.at);
        }
      } else if (ev.type === 'whistle_late' || ev.type === 'whistle_missing') {
        const p = ev.payload as { unitId: number; reportBy: string };
        const template = ev.type === 'whistle_late' ? 'unit_whistle_late' : 'unit_whistle_missing';
        await enqueue(q, { template, recipient: `unit:${p.unitId}`, orderId: e.order.id, vars: { ...base, unitName: await name(p.unitId), reportBy: cityTime(p.reportBy, tz) } }, e.at);
      }
    }
  };
}
