// Demo mode: the 鼓楼区 district model, the demo catalog, demo users and a day of orders in
// every state, created through the services so their histories are real. Runs once per database.
import type { Services } from '../../services';
import { DEMO_CATALOG } from '../catalog/demo-catalog';
import { hashPassword } from '../users/password';
import type { Role } from '../users/roles';
import type { AuthUser } from '../users/users.repo';
import { buildDemoUnits, demoHandlerFor } from './demo';
import { demoOrders } from './demo-orders';

const CENTRE_USERS: [string, string, Role][] = [
  ['admin', '系统管理员', 'admin'],
  ['operator', '话务员小李', 'operator'],
  ['dispatcher', '派单员小王', 'dispatcher'],
  ['callback', '回访员小陈', 'callback_agent'],
  ['supervisor', '督办员老张', 'supervisor'],
  ['leader', '中心领导', 'leader'],
];

export async function seedDemo(s: Services): Promise<{ created: boolean; units: number; users: number; orders: number }> {
  const idByCode = new Map<string, number>();
  const units = buildDemoUnits();
  // Claimed in the transaction that creates the units: a second instance starting at the same moment
  // waits on the claim row, then finds it taken and skips; a database with its own units is never touched.
  const claimed = await s.db.tx(async (q) => {
    const { rows } = await q.query<{ n: number }>('select count(*)::int as n from units');
    if (rows[0].n > 0) return false;
    const claim = await q.query(`insert into settings (key, value) values ('demo_seeded', 'true') on conflict do nothing`);
    if (claim.rowCount !== 1) return false;
    for (const u of units) {
      const parentId = u.parentCode ? idByCode.get(u.parentCode) ?? null : null;
      const saved = await s.org.upsert({ ...u, parentId }, q);
      idByCode.set(u.code, saved.id);
    }
    return true;
  });
  if (!claimed) return { created: false, units: 0, users: 0, orders: 0 };

  const csv = ['level1,level2,level3,tier,handler,keywords'];
  for (const [l1, l2, l3] of DEMO_CATALOG) {
    const d = demoHandlerFor(l1, l2, l3);
    const handler = d.handler.kind === 'jurisdiction' ? 'jurisdiction' : idByCode.has(d.handler.unitCode) ? d.handler.unitCode : 'jurisdiction';
    csv.push([l1, l2, l3, d.tier, handler, d.keywords.join(';')].join(','));
  }
  await s.catalog.importCsv(csv.join('\n'), null);

  const hash = await hashPassword(s.config.demoPassword);
  const centre = units.find((u) => u.type === 'center')!;
  let users = 0;
  for (const [username, name, role] of CENTRE_USERS) {
    if (await s.users.insert({ username, displayName: name, passwordHash: hash, role, unitId: idByCode.get(centre.code)!, isDemo: true })) users++;
  }
  for (const u of units.filter((x) => ['street', 'town', 'department', 'company'].includes(x.type))) {
    if (await s.users.insert({ username: `handler.${u.code}`, displayName: `${u.name}承办人`, passwordHash: hash, role: 'handler', unitId: idByCode.get(u.code)!, isDemo: true })) users++;
  }
  const byName = async (username: string): Promise<AuthUser> => {
    const u = await s.users.byUsername(username);
    if (!u) throw new Error(`demo user ${username} missing`);
    return u;
  };
  const orders = await demoOrders(s, byName, idByCode);
  return { created: true, units: units.length, users, orders };
}
