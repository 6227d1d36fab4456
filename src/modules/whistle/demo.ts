// Demo whistle 吹哨报到, replayed relative to now like the demo orders: on the accepted order about an illegal
// rooftop structure, the street summoned 区城管局 and 区住建局 three hours ago with a report-by one hour later;
// 区城管局 reported in time, 区住建局 has not — late now (the first sweep records it and alerts the bureau).
import { buildServices, type Services } from '../../services';
import { ManualClock } from '../../shared/clock';
import type { AuthUser } from '../users/users.repo';

const HOUR = 3_600_000;
export const DEMO_WHISTLE_ORDER_TITLE = '违章搭建阳光房';

export async function demoWhistle(s: Services, user: (name: string) => Promise<AuthUser>): Promise<boolean> {
  const { rows } = await s.db.query<{ id: number; code: string; type: string }>(
    `select o.id, u.code, u.type from orders o join units u on u.id = o.main_unit_id where o.title = $1 and o.status = 'accepted' order by o.id limit 1`,
    [DEMO_WHISTLE_ORDER_TITLE],
  );
  const target = rows[0];
  // Auto-dispatch may have sent it to a department: no street to blow the whistle then.
  if (!target || !['street', 'town'].includes(target.type)) return false;
  const now = s.clock.now();
  const past = new ManualClock(new Date(now.getTime() - 3 * HOUR));
  const h = buildServices(s.db, past, s.config);
  const units = await s.db.query<{ id: number; code: string }>(`select id, code from units where code in ('D350102-CG', 'D350102-ZJ')`);
  const id = (code: string) => units.rows.find((u) => u.code === code)!.id;
  const street = await user(`handler.${target.code}`);
  let o = await h.orders.detail(street, target.id);
  o = await h.orders.act(street, o.id, 'whistle', {
    version: o.version, departmentIds: [id('D350102-CG'), id('D350102-ZJ')], reason: '顶楼违建涉及执法拆除与房屋结构安全，需城管、住建到场会商',
    reportBy: new Date(now.getTime() - 2 * HOUR).toISOString(),
  });
  past.set(new Date(now.getTime() - 2.5 * HOUR));
  await h.orders.act(await user('handler.D350102-CG'), o.id, 'whistle/report', {
    version: o.version, action: '已派执法中队到场核查，下达限期拆除告知书', onSiteAt: new Date(now.getTime() - 1.5 * HOUR).toISOString(), note: '结构安全需住建部门鉴定',
  });
  return true;
}
