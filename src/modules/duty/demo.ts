// Demo 值守 rosters and a demo 分级协调 request, replayed relative to now like the demo orders.
// Rosters: every street and town keeps day shifts (08:00–20:00, its handler) and night shifts (20:00–08:00, a
// named night guard with a synthetic phone) for the next 14 days, its handler as the default contact; 鼓东街道
// has no night guard on its third night, so the roster editor shows a gap. Coordination: the street handling the
// accepted order about uncollected rubbish asked the city (the centre) to coordinate an hour ago; it is open in the
// dispatchers' 协调待办.
import { buildServices, type Services } from '../../services';
import { ManualClock } from '../../shared/clock';
import { endOfLocalDay, localDate } from '../sla';
import type { AuthUser } from '../users/users.repo';

const HOUR = 3_600_000;
export const DEMO_ESCALATION_ORDER_TITLE = '小区垃圾长期无人清运';
const GAP_STREET = '350102001';

export async function demoDutyAndEscalation(s: Services, user: (name: string) => Promise<AuthUser>): Promise<void> {
  const now = s.clock.now();
  const tz = s.config.timezone;
  // Midnight (city time) at the start of today.
  const today = new Date(endOfLocalDay(localDate(now, tz), tz).getTime() + 1000 - 24 * HOUR);
  const { rows: streets } = await s.db.query<{ id: number; code: string; userId: number | null }>(
    `select u.id, u.code, (select h.id from users h where h.username = 'handler.' || u.code) as "userId" from units u where u.type in ('street', 'town') order by u.code`,
  );
  for (const [i, st] of streets.entries()) {
    if (!st.userId) continue;
    const phone = `0591-8700${String(1000 + i).slice(-4)}`;
    await s.db.query(`insert into duty_defaults (unit_id, user_id, updated_at) values ($1, $2, $3) on conflict (unit_id) do nothing`, [st.id, st.userId, now]);
    for (let d = 0; d < 14; d++) {
      const day = new Date(today.getTime() + d * 24 * HOUR);
      await s.db.query('insert into duty_slots (unit_id, user_id, starts_at, ends_at, note) values ($1,$2,$3,$4,$5)', [st.id, st.userId, new Date(day.getTime() + 8 * HOUR), new Date(day.getTime() + 20 * HOUR), '白班']);
      if (st.code === GAP_STREET && d === 2) continue;
      await s.db.query('insert into duty_slots (unit_id, contact_name, contact_phone, starts_at, ends_at, note) values ($1,$2,$3,$4,$5,$6)', [st.id, '夜班值班员', phone, new Date(day.getTime() + 20 * HOUR), new Date(day.getTime() + 32 * HOUR), '夜班']);
    }
  }

  const { rows } = await s.db.query<{ id: number; code: string }>(
    `select o.id, u.code from orders o join units u on u.id = o.main_unit_id where o.title = $1 and o.status = 'accepted' order by o.id limit 1`,
    [DEMO_ESCALATION_ORDER_TITLE],
  );
  const target = rows[0];
  if (!target) return;
  const h = buildServices(s.db, new ManualClock(new Date(now.getTime() - HOUR)), s.config);
  const handler = await user(`handler.${target.code}`).catch(() => null);
  if (!handler) return;
  const o = await h.orders.detail(handler, target.id);
  await h.orders.act(handler, o.id, 'escalate', { version: o.version, level: 'city', reason: '垃圾清运涉及环卫企业与小区物业、相邻街道转运站，需市级协调清运线路' });
}
