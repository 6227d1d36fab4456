// Demo mode: the 鼓楼区 district model, the demo catalog, demo users and a day of orders in
// every state, created through the services so their histories are real. Runs once per database.
import { setFallback } from '../orders/return-fallback';
import type { Services } from '../../services';
import { DEMO_CATALOG } from '../catalog/demo-catalog';
import { hashPassword } from '../users/password';
import type { Role } from '../users/roles';
import type { AuthUser } from '../users/users.repo';
import { buildDemoUnits, demoHandlerFor } from './demo';
import { demoOrders } from './demo-orders';
import { seedDemoHistory } from './demo-history';
import { seedAssessmentHistory } from '../assessment/demo-history';
import { demoDutyAndEscalation } from '../duty/demo';
import { demoArticles } from '../kb/demo-articles';
import { demoCommunity } from '../projects/demo';

const CENTRE_USERS: [string, string, Role][] = [
  ['admin', '系统管理员', 'admin'],
  ['operator', '话务员小李', 'operator'],
  ['dispatcher', '派单员小王', 'dispatcher'],
  ['callback', '回访员小陈', 'callback_agent'],
  ['supervisor', '督办员老张', 'supervisor'],
  ['leader', '中心领导', 'leader'],
];

export async function seedDemo(s: Services, opts: { history?: boolean; community?: boolean } = {}): Promise<{ created: boolean; units: number; users: number; orders: number; examples: number }> {
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
    // 物业: the communities each demo property company serves.
    for (const u of units) for (const c of u.serves ?? []) {
      await q.query('insert into property_communities (property_unit_id, community_unit_id) values ($1, $2)', [idByCode.get(u.code), idByCode.get(c)]);
    }
    // 兜底单位: an approved return that names no new owner goes to the district government office (首办负责制).
    for (const d of units.filter((u) => u.type === 'district')) {
      const office = idByCode.get(`D${d.code}-ZFB`);
      if (office) await setFallback(q, idByCode.get(d.code)!, office, null, s.clock.now());
    }
    return true;
  });
  if (!claimed) return { created: false, units: 0, users: 0, orders: 0, examples: 0 };

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
  for (const u of units.filter((x) => ['street', 'town', 'department', 'company', 'property'].includes(x.type))) {
    if (await s.users.insert({ username: `handler.${u.code}`, displayName: `${u.name}承办人`, passwordHash: hash, role: 'handler', unitId: idByCode.get(u.code)!, isDemo: true })) users++;
  }
  // 单位负责人 of every street, town and department; a 网格员 in the first grid of each street's first community.
  for (const u of units.filter((x) => ['street', 'town', 'department'].includes(x.type))) {
    if (await s.users.insert({ username: `head.${u.code}`, displayName: `${u.name}负责人`, passwordHash: hash, role: 'unit_leader', unitId: idByCode.get(u.code)!, isDemo: true })) users++;
  }
  for (const street of units.filter((x) => x.type === 'street' || x.type === 'town')) {
    const community = units.find((x) => x.type === 'community' && x.parentCode === street.code);
    const grid = community && units.find((x) => x.type === 'grid' && x.parentCode === community.code);
    if (grid && (await s.users.insert({ username: `grid.${grid.code}`, displayName: `${grid.name}网格员`, passwordHash: hash, role: 'grid_worker', unitId: idByCode.get(grid.code)!, isDemo: true }))) users++;
  }
  const byName = async (username: string): Promise<AuthUser> => {
    const u = await s.users.byUsername(username);
    if (!u) throw new Error(`demo user ${username} missing`);
    return u;
  };
  // a generated labelled history (source 'demo') before the orders, so the first model is trained on it
  const leaves = new Map((await s.catalog.list()).items.filter((c) => c.level === 3).map((c) => [c.name, c.id]));
  const examples = await seedDemoHistory(s.db, leaves);
  await s.kb.importMany(demoArticles(leaves, s.clock.now().getUTCFullYear()), null);
  const orders = await demoOrders(s, byName, idByCode);
  await demoDutyAndEscalation(s, byName);
  // Months of assessment history before now (server and CLI seeds; tests seed without it).
  if (opts.history) await seedAssessmentHistory(s);
  // A grid's week of patrols, volunteers' tasks and a vote under way (server and CLI seeds; tests seed without it).
  if (opts.community) await demoCommunity(s, byName);
  return { created: true, units: units.length, users, orders, examples };
}
