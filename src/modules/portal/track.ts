// What a resident sees of an order (by number + the phone it was filed with): states, times and the reply to
// the requester. Never internal notes, staff names, anyone's phone (the requester's own only masked), the
// callback agent's notes, supervision, warnings or assessment.
import type { Queryable } from '../../db';
import { fail } from '../../shared/errors';
import { maskPhone, nationalDigits } from '../../shared/privacy';
import { LIMITS, type Limiter } from './limits';

export const STATUS_LABELS: Record<string, string> = {
  registered: '已受理', answered: '已答复', dispatched: '办理中', accepted: '办理中', return_requested: '办理中', replied: '已答复',
  reopened: '重新办理中', closed: '已办结', merged: '已合并办理', invalid: '已终止受理', listed: '长期跟踪办理',
};

export interface TrackedOrder {
  id: number;
  number: string;
  status: string;
  version: number;
  requesterPhone: string | null;
  repliedAt: Date | null;
  parentId: number | null;
  reopenCount: number;
}

interface EventRow {
  type: string;
  at: Date;
  payload: Record<string, unknown>;
  unitName: string | null;
}

/** The order filed under this number with this phone, or the same 404 for a wrong phone as for no order. Failures are counted and limited. */
export async function findOwnOrder(db: Queryable, limits: Limiter, number: string, phone: string, ip: string, at: Date): Promise<TrackedOrder> {
  await limits.check(LIMITS.lookupIpHour, ip, at);
  await limits.check(LIMITS.lookupNumberDay, number, at);
  const { rows } = /^\d{14}$/.test(number)
    ? await db.query<TrackedOrder>(`select id, number, status, version, requester_phone as "requesterPhone", replied_at as "repliedAt", parent_id as "parentId", reopen_count as "reopenCount" from orders where number = $1`, [number])
    : { rows: [] as TrackedOrder[] };
  const o = rows[0];
  const digits = (p: string) => nationalDigits(p).digits;
  if (!o || !o.requesterPhone || !phone || digits(o.requesterPhone) !== digits(phone)) {
    await limits.count(LIMITS.lookupIpHour, ip, at);
    await limits.count(LIMITS.lookupNumberDay, number.slice(0, 40), at);
    fail('portal_order_not_found', '没有找到用这个手机号登记的该工单，请核对工单号和手机号。');
  }
  return o;
}

function step(e: EventRow): { label: string; text: string | null } | null {
  const p = e.payload;
  switch (e.type) {
    case 'registered': return { label: '诉求已受理', text: null };
    case 'answered': return { label: '热线已直接答复', text: String(p.answer ?? '') };
    case 'dispatched': return { label: '已转交承办单位办理', text: e.unitName ? `承办单位：${e.unitName}` : null };
    case 'signed': return { label: '承办单位已签收', text: null };
    case 'contacted': return { label: '承办单位已与您联系', text: null };
    case 'replied': return { label: '承办单位已答复', text: String(p.replyToRequester ?? '') };
    case 'return_approved': return { label: '重新确定承办单位', text: null };
    case 'extension_approved': return { label: '办理时限已延长', text: null };
    case 'reopened': return { label: '重新办理', text: null };
    case 'callback_recorded': return p.outcome === 'done' ? { label: '已回访', text: null } : null;
    case 'closed': return { label: '已办结', text: null };
    case 'merged': return { label: '与相同诉求合并办理', text: null };
    case 'invalidated': return { label: '已终止受理', text: null };
    case 'listed': return { label: '列入长期跟踪办理', text: p.until ? `计划解决日期：${String(p.until)}` : null };
    case 'attachment_added': return null;
    default: return null; // supervision, warnings, internal requests and decisions, reveals, assessment …
  }
}

export async function publicView(db: Queryable, o: TrackedOrder) {
  const [{ rows: [row] }, { rows: events }, { rows: evals }] = await Promise.all([
    db.query<{ title: string; address: string; createdAt: Date; resolveDueAt: Date | null; closedAt: Date | null; categoryName: string | null; unitName: string | null; channel: string; photos: number }>(
      `select o.title, o.address, o.created_at as "createdAt", o.resolve_due_at as "resolveDueAt", o.closed_at as "closedAt", c.name as "categoryName",
         u.name as "unitName", o.channel, (select count(*)::int from attachments a where a.order_id = o.id) as photos
       from orders o left join catalog_categories c on c.id = o.category_id left join units u on u.id = o.main_unit_id where o.id = $1`,
      [o.id],
    ),
    db.query<EventRow>(`select e.type, e.at, e.payload, u.name as "unitName" from order_events e left join units u on u.id = (e.payload->>'mainUnitId')::int where e.order_id = $1 order by e.id`, [o.id]),
    // This reply round's evaluation only: after a reopen and a new reply the resident may evaluate again.
    db.query<{ contacted: boolean; resolution: string; satisfaction: string; createdAt: Date }>(`select contacted, resolution, satisfaction, created_at as "createdAt" from portal_evaluations where order_id = $1 and round = $2`, [o.id, o.reopenCount]),
  ]);
  const timeline = events.flatMap((e) => {
    const s = step(e);
    return s ? [{ at: e.at.toISOString(), label: s.label, text: s.text || null }] : [];
  });
  // A merged order is handled and answered through its parent: the parent's reply to requesters is the answer.
  const replyEvents = o.parentId && o.status === 'merged'
    ? (await db.query<EventRow>(`select e.type, e.at, e.payload, null as "unitName" from order_events e where e.order_id = $1 and e.type in ('replied','answered') order by e.id`, [o.parentId])).rows
    : events;
  const replies = replyEvents.filter((e) => e.type === 'replied' || e.type === 'answered');
  const last = replies[replies.length - 1];
  const reply = last ? { at: last.at.toISOString(), text: String(last.payload.replyToRequester ?? last.payload.answer ?? '') } : null;
  // A completed callback after the latest reply (in the log's order, not by time: both may share an instant).
  const lastReply = events.map((e) => e.type).lastIndexOf('replied');
  const doneCallback = events.slice(lastReply + 1).some((e) => e.type === 'callback_recorded' && e.payload.outcome === 'done');
  const evaluation = evals[0] ? { ...evals[0], createdAt: evals[0].createdAt.toISOString() } : null;
  return {
    number: o.number,
    status: o.status,
    statusLabel: STATUS_LABELS[o.status] ?? o.status,
    channel: row.channel,
    title: row.title,
    address: row.address,
    categoryName: row.categoryName,
    unitName: row.unitName,
    requesterPhone: maskPhone(o.requesterPhone),
    photos: row.photos,
    createdAt: row.createdAt.toISOString(),
    resolveDueAt: row.resolveDueAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    timeline,
    reply,
    evaluation,
    canEvaluate: !evaluation && !!reply && ['replied', 'closed', 'answered'].includes(o.status),
    /** The callback agent already recorded this round: an evaluation now is kept beside it, not as the callback. */
    callbackDone: doneCallback || o.status !== 'replied',
  };
}
export type PublicOrder = Awaited<ReturnType<typeof publicView>>;
