// 数字城管 (the city-management system) files its cases through an authenticated API and stays in sync both ways:
// - in: a case becomes one order (channel city_management) with its external case number; sending the same case
//   again — a retry, a replay, two at once — answers the same order, never a second one; later updates from that
//   system (more information, cancelled, closed on their side) are appended to the order's history;
// - out: every status change of such an order is written to the outbox in the change's transaction, addressed to
//   `city_management:<case number>`, and delivered to that system by the notification worker (at least once).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Queryable } from '../../db';
import type { EffectHook } from '../orders/effects';
import { appendEvent } from '../../shared/events';
import { fail } from '../../shared/errors';
import { enqueue } from '../notify/outbox';
import type { Services } from '../../services';
import type { AuthUser } from '../users/users.repo';

export const SOURCE = 'city_management';
const caseStore = new AsyncLocalStorage<{ externalNo: string; keyId: number }>();

/** Writes the external case of an order registered from this request, in the registering transaction. */
export const cityCaseHook: EffectHook = async (q, e) => {
  const x = caseStore.getStore();
  if (!x || e.cause !== 'register') return;
  await q.query('insert into external_cases (source, external_no, order_id, key_id, received_at) values ($1, $2, $3, $4, $5)', [SOURCE, x.externalNo, e.order.id, x.keyId, e.at]);
};

const STATUS_TEXT: Record<string, string> = {
  dispatched: '已派单', signed: '已签收', replied: '已办理答复', closed: '已办结归档', reopened: '重新办理', invalidated: '已作无效处理',
  merged: '已并入其他工单', return_approved: '已改派', answered: '已直接答复',
};

/** Our side of the sync: status changes of a 数字城管 order go back to that system through the outbox. */
export const citySyncHook: EffectHook = async (q, e) => {
  if (e.order.channel !== 'city_management') return; // only its cases have an external case number
  const evs = e.events.filter((ev) => ev.orderId === e.order.id && STATUS_TEXT[ev.type]);
  if (!evs.length) return;
  const { rows } = await q.query<{ externalNo: string }>('select external_no as "externalNo" from external_cases where order_id = $1 and source = $2', [e.order.id, SOURCE]);
  if (!rows[0]) return;
  for (const ev of evs) {
    const p = ev.payload as Record<string, unknown>;
    const text = String(p.replyToRequester ?? p.reason ?? p.note ?? '') || STATUS_TEXT[ev.type];
    await enqueue(q, { template: 'city_management_status', recipient: `${SOURCE}:${rows[0].externalNo}`, orderId: e.order.id, vars: { number: e.order.number, caseNo: rows[0].externalNo, status: STATUS_TEXT[ev.type], event: ev.type, text: text.slice(0, 500) } }, e.at);
  }
};

export interface CaseInput {
  caseNo: string;
  title: string;
  description?: string;
  address?: string;
  location?: { lat: number; lng: number } | null;
  categoryId?: number | null;
  reporter?: { name?: string; phone?: string } | null;
}

export interface CaseAnswer { created: boolean; caseNo: string; orderId: number; number: string; status: string }

async function byCase(q: Queryable, caseNo: string): Promise<CaseAnswer | null> {
  const { rows } = await q.query<{ orderId: number; number: string; status: string }>(
    'select o.id as "orderId", o.number, o.status from external_cases x join orders o on o.id = x.order_id where x.source = $1 and x.external_no = $2', [SOURCE, caseNo]);
  return rows[0] ? { created: false, caseNo, ...rows[0] } : null;
}

export async function fileCase(s: Services, user: AuthUser, keyId: number, c: CaseInput): Promise<CaseAnswer> {
  const caseNo = c.caseNo.trim();
  const existing = await byCase(s.db, caseNo);
  if (existing) return existing;
  try {
    const o = await caseStore.run({ externalNo: caseNo, keyId }, () => s.orders.create(user, {
      channel: 'city_management', type: 'complaint', title: c.title, description: `${c.description ?? ''}\n【数字城管案件号】${caseNo}`.trim(), address: c.address ?? '',
      location: c.location ?? null, categoryId: c.categoryId ?? null, requester: c.reporter ?? null,
    }));
    return { created: true, caseNo, orderId: o.id, number: o.number, status: o.status };
  } catch (e) {
    // Two deliveries of one case at the same moment: the loser's transaction rolled back on the case key.
    if ((e as { code?: string }).code === '23505') {
      const again = await byCase(s.db, caseNo);
      if (again) return again;
    }
    throw e;
  }
}

export async function caseStatus(s: Services, caseNo: string) {
  const c = await byCase(s.db, caseNo);
  if (!c) fail('external_case_not_found', `no order for city-management case ${caseNo}`);
  const { rows } = await s.db.query<{ type: string; at: Date }>(`select type, at from order_events where order_id = $1 and type = any($2::text[]) order by id`, [c.orderId, Object.keys(STATUS_TEXT)]);
  return { caseNo, orderId: c.orderId, number: c.number, status: c.status, history: rows.map((r) => ({ event: r.type, status: STATUS_TEXT[r.type], at: new Date(r.at).toISOString() })) };
}

/** Their side of the sync: an update from the city-management system is appended to the order's history. */
export async function caseUpdate(s: Services, user: AuthUser, caseNo: string, u: { kind: 'info' | 'cancelled' | 'closed'; note: string }) {
  const c = await byCase(s.db, caseNo);
  if (!c) fail('external_case_not_found', `no order for city-management case ${caseNo}`);
  const at = s.clock.now();
  await s.db.tx(async (q) => {
    await q.query('select 1 from orders where id = $1 for update', [c.orderId]);
    await appendEvent(q, c.orderId, 'external_update', { userId: user.id, unitId: user.unitId }, at, { source: SOURCE, externalNo: caseNo, kind: u.kind, note: u.note });
    await q.query('update orders set version = version + 1, updated_at = $2 where id = $1', [c.orderId, at]);
  });
  return caseStatus(s, caseNo);
}
