// 部门+行业 joint scoring: a department is scored on its own orders together with those of the companies it
// regulates (units.regulator_id), their counts pooled before the rates are taken, so a regulator answers for
// its industry. Departments that regulate no company are not listed here (their own ranking is the usual one).
import type { Db } from '../../db';
import { addMonths } from './month';
import { monthSource } from './publish';
import { emptyCounts, figures, monthCounts, type Counts } from './rates';
import { rankUnits } from './rankings';

const KEYS = ['assessed', 'exempted', 'responded', 'evaluated', 'resolved', 'partly', 'satisfied', 'basically', 'attitudeRated', 'attitudeSatisfied', 'attitudeBasically'] as const;

function pool(unitId: number, parts: Counts[]): Counts {
  const c = emptyCounts(unitId);
  for (const p of parts) for (const k of KEYS) c[k] += p[k];
  return c;
}

export async function jointRanking(db: Db, month: string) {
  const { rows: links } = await db.query<{ deptId: number; deptName: string; population: number | null; companyId: number; companyName: string; isDemo: boolean }>(
    `select d.id as "deptId", d.name as "deptName", d.population, c.id as "companyId", c.name as "companyName", c.regulator_is_demo as "isDemo"
     from units c join units d on d.id = c.regulator_id where c.type = 'company' and d.type = 'department' order by d.id, c.id`,
  );
  const depts = [...new Map(links.map((l) => [l.deptId, { id: l.deptId, name: l.deptName, population: l.population }])).values()];
  const at = async (mm: string) => {
    const s = await monthSource(db, mm);
    const byUnit = new Map((await monthCounts(db, mm, s.src)).map((c) => [c.unitId, c]));
    const get = (id: number) => byUnit.get(id) ?? emptyCounts(id);
    const pooled = depts.map((d) => pool(d.id, [get(d.id), ...links.filter((l) => l.deptId === d.id).map((l) => get(l.companyId))]));
    return { ...s, get, pooled };
  };
  const [cur, prev] = [await at(month), await at(addMonths(month, -1))];
  const previous = new Map(rankUnits(depts, prev.pooled, prev.weights, new Map()).map((i) => [i.unitId, i.composite]));
  const ranked = rankUnits(depts, cur.pooled, cur.weights, previous);
  const items = ranked.map((r) => {
    const companies = links.filter((l) => l.deptId === r.unitId);
    return {
      ...r,
      own: figures(cur.get(r.unitId), cur.weights),
      industry: figures(pool(r.unitId, companies.map((l) => cur.get(l.companyId))), cur.weights),
      companies: companies.map((l) => ({ ...figures(cur.get(l.companyId), cur.weights), unitName: l.companyName, regulatorIsDemo: l.isDemo })),
    };
  });
  return { month, published: cur.published, version: cur.version, weights: cur.weights, items };
}
