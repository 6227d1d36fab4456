// The outbox writer: an effects hook (orders/effects.ts) that turns the events of an order change into
// messages, inside the change's own transaction — receipts and replies to the requester, alerts to units.
import type { Queryable } from '../../db';
import type { EffectContext, EffectHook, OrderEffect, RecordedEvent } from '../orders/effects';
import { enqueueWrite, type NewMessage } from './outbox';
import { wallClock } from '../sla/timezone';

const DEADLINE_NAMES: Record<string, string> = { sign: '签收', contact: '首次联系', resolve: '办结' };

/** Local time in the city as "YYYY-MM-DD HH:mm" for message texts. */
export function cityTime(at: Date | string | null, tz: string): string {
  if (!at) return '';
  const w = wallClock(new Date(at), tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}

export interface NotifyHookOptions {
  tz: string;
  publicUrl: string;
}

export function notifyHook(opts: NotifyHookOptions): EffectHook {
  return async (q: Queryable, e: EffectContext) => {
    const unitNames = new Map<number, string>();
    const unitName = async (id: number) => {
      if (!unitNames.has(id)) unitNames.set(id, (await q.query<{ name: string }>('select name from units where id = $1', [id])).rows[0]?.name ?? '');
      return unitNames.get(id)!;
    };
    const messages: NewMessage[] = [];
    for (const ev of e.events) {
      if (ev.orderId !== e.order.id) continue;
      messages.push(...(await messagesFor(e, ev, opts, unitName)));
    }
    await enqueueWrite(q, e, messages, e.at);
  };
}

async function messagesFor(e: OrderEffect, ev: RecordedEvent, opts: NotifyHookOptions, unitName: (id: number) => Promise<string>): Promise<NewMessage[]> {
  const o = e.order;
  const base = { number: o.number, title: o.title };
  const trackUrl = `${opts.publicUrl}/track?number=${encodeURIComponent(o.number)}`;
  const evaluationUrl = `${opts.publicUrl}/evaluate?number=${encodeURIComponent(o.number)}`;
  const resident = (template: NewMessage['template'], vars: NewMessage['vars']): NewMessage[] =>
    o.requesterPhone ? [{ template, recipient: o.requesterPhone, orderId: o.id, vars: { ...base, trackUrl, evaluationUrl, ...vars } }] : [];
  const unit = async (template: NewMessage['template'], unitId: number | null, vars: NewMessage['vars']): Promise<NewMessage[]> =>
    unitId ? [{ template, recipient: `unit:${unitId}`, orderId: o.id, vars: { ...base, unitName: await unitName(unitId), ...vars } }] : [];
  const p = ev.payload as unknown as Record<string, unknown>;
  switch (ev.type) {
    case 'registered':
      return resident('receipt', {});
    case 'replied':
      return resident('reply', { reply: String(p.replyToRequester ?? '') });
    case 'callback_recorded':
      return p.outcome === 'unreachable' ? resident('callback_reminder', {}) : [];
    case 'dispatched': {
      const ids = [Number(p.mainUnitId), ...((p.coUnitIds as number[] | undefined) ?? [])];
      const out: NewMessage[] = [];
      for (const id of ids) out.push(...(await unit('unit_dispatched', id, { signDueAt: cityTime(o.signDueAt, opts.tz) })));
      return out;
    }
    case 'supervised':
      return unit('unit_supervised', o.mainUnitId, { note: String(p.note ?? '') });
    case 'warned':
    case 'overdue':
      return unit(ev.type === 'warned' ? 'unit_warned' : 'unit_overdue', o.mainUnitId, {
        deadline: DEADLINE_NAMES[String(p.deadline)] ?? String(p.deadline), dueAt: cityTime(String(p.dueAt), opts.tz),
      });
    case 'return_approved':
      return unit('unit_return_decided', (p.fromUnitId as number | null) ?? null, { decision: '已通过', note: p.note ? `说明：${String(p.note)}` : '' });
    case 'return_rejected':
      return unit('unit_return_decided', o.mainUnitId, { decision: '未通过，请继续办理', note: `说明：${String(p.note ?? '')}` });
    default:
      return [];
  }
}
