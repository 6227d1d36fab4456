// Alerts of 分级协调, written to the outbox in the transaction of the escalation event that causes them (an
// effects hook): the addressed unit on a request and when it is overdue; the requesting unit and every unit
// assigned by the coordination on the answer.
import type { Queryable } from '../../db';
import type { EffectHook } from '../orders/effects';
import { enqueue } from '../notify/outbox';
import { cityTime } from '../notify/hook';

export function escalationNotifyHook(tz: string): EffectHook {
  return async (q: Queryable, e) => {
    const name = async (id: number) => (await q.query<{ name: string }>('select name from units where id = $1', [id])).rows[0]?.name ?? '';
    const base = { number: e.order.number, title: e.order.title };
    for (const ev of e.events) {
      if (ev.orderId !== e.order.id) continue;
      if (ev.type === 'escalation_requested') {
        const p = ev.payload as { fromUnitId: number; toUnitId: number; reason: string; answerBy: string };
        await enqueue(q, { template: 'unit_escalation', recipient: `unit:${p.toUnitId}`, orderId: e.order.id, vars: { ...base, unitName: await name(p.toUnitId), fromUnit: await name(p.fromUnitId), reason: p.reason, answerBy: cityTime(p.answerBy, tz) } }, e.at);
      } else if (ev.type === 'escalation_answered') {
        const p = ev.payload as { escalationId: number; decision: string; note: string; unitIds: number[] };
        const row = (await q.query<{ fromUnitId: number; toUnitId: number }>('select from_unit_id as "fromUnitId", to_unit_id as "toUnitId" from escalations where id = $1', [p.escalationId])).rows[0];
        if (!row) continue;
        const decision = p.decision === 'coordinated' ? '已协调' : '不予协调';
        const vars = { ...base, toUnit: await name(row.toUnitId), decision, note: p.note };
        for (const id of [row.fromUnitId, ...p.unitIds.filter((x) => x !== row.fromUnitId)]) {
          await enqueue(q, { template: 'unit_escalation_answered', recipient: `unit:${id}`, orderId: e.order.id, vars: { ...vars, unitName: await name(id) } }, e.at);
        }
      } else if (ev.type === 'escalation_overdue') {
        const p = ev.payload as { toUnitId: number; answerBy: string };
        await enqueue(q, { template: 'unit_escalation_overdue', recipient: `unit:${p.toUnitId}`, orderId: e.order.id, vars: { ...base, unitName: await name(p.toUnitId), answerBy: cityTime(p.answerBy, tz) } }, e.at);
      }
    }
  };
}
