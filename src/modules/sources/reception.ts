// 领导接待日: a district leader receives residents on a set day; the record keeps the date, the leader, the place,
// how many came and what was decided, and every matter raised becomes an order (channel reception) that the
// normal flow dispatches and the leader's dashboard follows.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EffectHook } from '../orders/effects';
import type { OrderInput } from '../orders/orders.service';
import type { Services } from '../../services';
import type { AuthUser } from '../users/users.repo';
import { parseDate } from '../sla/timezone';

const dayStore = new AsyncLocalStorage<{ dayId: number }>();

/** Links an order registered for a reception day to it, in the registering transaction. */
export const receptionHook: EffectHook = async (q, e) => {
  const x = dayStore.getStore();
  if (!x || e.cause !== 'register') return;
  await q.query('insert into reception_matters (reception_day_id, order_id) values ($1, $2)', [x.dayId, e.order.id]);
};

export interface ReceptionInput {
  day: string;
  leaderName: string;
  place: string;
  visitors: number;
  note?: string;
  matters: { type?: string; title: string; description?: string; address?: string; requester?: { name?: string; phone?: string } }[];
}

export interface ReceptionDay {
  id: number; day: string; leaderName: string; place: string; visitors: number; note: string; createdAt: string;
  matters: { orderId: number; number: string; title: string; status: string }[];
}

export async function recordReception(s: Services, user: AuthUser, r: ReceptionInput): Promise<ReceptionDay> {
  parseDate(r.day); // 400 invalid_date for 2026-02-30
  const now = s.clock.now();
  const { rows } = await s.db.query<{ id: number }>(
    'insert into reception_days (day, leader_name, place, visitors, note, created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7) returning id',
    [r.day, r.leaderName, r.place, r.visitors, r.note ?? '', user.id, now],
  );
  const dayId = rows[0].id;
  for (const m of r.matters) {
    const input: OrderInput = { channel: 'reception', type: m.type ?? 'help', title: m.title, description: m.description ?? '', address: m.address ?? '', requester: m.requester ?? null, tags: ['领导接待日'] };
    await dayStore.run({ dayId }, () => s.orders.create(user, input));
  }
  return (await listReceptions(s, { id: dayId }))[0];
}

export async function listReceptions(s: Services, f: { id?: number; from?: string; to?: string }): Promise<ReceptionDay[]> {
  const { rows } = await s.db.query<Omit<ReceptionDay, 'matters' | 'day' | 'createdAt'> & { day: string | Date; createdAt: Date }>(
    `select id, to_char(day, 'YYYY-MM-DD') as day, leader_name as "leaderName", place, visitors, note, created_at as "createdAt" from reception_days
      where ($1::int is null or id = $1) and ($2::date is null or day >= $2) and ($3::date is null or day <= $3) order by day desc, id desc limit 200`,
    [f.id ?? null, f.from ?? null, f.to ?? null],
  );
  const ids = rows.map((r) => r.id);
  const { rows: ms } = await s.db.query<{ dayId: number; orderId: number; number: string; title: string; status: string }>(
    `select m.reception_day_id as "dayId", o.id as "orderId", o.number, o.title, o.status from reception_matters m join orders o on o.id = m.order_id
      where m.reception_day_id = any($1::int[]) order by o.id`, [ids]);
  return rows.map((r) => ({ ...r, day: String(r.day), createdAt: new Date(r.createdAt).toISOString(), matters: ms.filter((m) => m.dayId === r.id).map(({ dayId: _d, ...m }) => m) }));
}
