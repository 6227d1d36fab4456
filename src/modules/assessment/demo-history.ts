// Demo assessment history: the six months before the server clock's now, so rankings, changes and trends
// mean something on first start. The older months are published (frozen), the last one is live.
// Unit populations get demo values, marked as demo.
import type { Services } from '../../services';
import { addMonths, monthOf } from './month';
import { generateHistory } from './history';
import { ASSESSED_TYPES } from './rankings';

export const DEMO_HISTORY_MONTHS = 6;
/** orders per assessed unit and month */
const PER_UNIT_MONTH = 3;

export async function seedAssessmentHistory(s: Services): Promise<{ orders: number; published: string[] }> {
  const now = s.clock.now();
  const tz = s.config.timezone;
  const current = monthOf(now, tz);
  const months = Array.from({ length: DEMO_HISTORY_MONTHS }, (_, i) => addMonths(current, i - DEMO_HISTORY_MONTHS));
  const { rows: units } = await s.db.query<{ id: number; type: string }>('select id, type from units where type = any($1::text[]) order by id', [[...ASSESSED_TYPES]]);
  if (!units.length) return { orders: 0, published: [] };
  // Demo populations (常住人口), 20k–120k for areas, none for departments and companies.
  await s.db.query(
    `update units set population = 20000 + (id * 7919 % 100) * 1000, population_is_demo = true where type in ('street', 'town') and population is null`,
  );
  // Every leaf, the key matters' leaves weighted up so that their own rankings have orders behind them.
  const keyLeaves = DEMO_KEY_MATTERS.flatMap(([, l]) => l);
  const { rows: leaves } = await s.db.query<{ id: number; name: string }>('select id, name from catalog_categories where level = 3 and active order by id');
  const weighted = leaves.flatMap((l) => Array<{ id: number }>(keyLeaves.includes(l.name) ? 8 : 1).fill(l));
  await seedFollowupConfig(s);
  const r = await generateHistory(s.db, {
    months, orders: units.length * months.length * PER_UNIT_MONTH, unitIds: units.map((u) => u.id), tz, categoryIds: weighted.map((l) => l.id),
    policy: await s.policies.byTier(3), calendar: await s.calendar.current(), notAfter: now,
    // Small batches: on PGlite each one holds the event loop, and the server is already answering requests.
    batch: 250,
  });
  // The history is written straight into SQL, past the effects hooks: bring the dashboards' rollups up to date.
  await s.insight.rebuild();
  const supervisor = await s.users.byUsername('supervisor');
  const published: string[] = [];
  if (supervisor) {
    for (const m of months.slice(0, -1)) {
      await s.assessment.publish(supervisor, m, null);
      published.push(m);
    }
  }
  if (supervisor && published.length) await seedInterview(s, supervisor, published.at(-1)!);
  return { ...r, published };
}

/** Demo 关键小事 and industry regulators (marked as demo), by the demo catalog's and district's names. */
async function seedFollowupConfig(s: Services) {
  const admin = await s.users.byUsername('admin');
  for (const [name, leaves] of DEMO_KEY_MATTERS) {
    const { rows } = await s.db.query<{ id: number }>('select id from catalog_categories where level = 3 and name = any($1::text[])', [leaves]);
    if (rows.length) {
      await s.db.query(`insert into assessment_key_matters (name, category_ids, created_by, created_at) values ($1, $2, $3, $4) on conflict (name) do nothing`, [name, rows.map((r) => r.id), admin?.id ?? null, s.clock.now()]);
    }
  }
  for (const [company, regulator] of DEMO_REGULATORS) {
    await s.db.query(
      `update units c set regulator_id = d.id, regulator_is_demo = true from units d where c.code = $1 and d.code = $2 and c.regulator_id is null`,
      [company, regulator],
    );
  }
}

/** One 约谈 on record for the last published month, with a first follow-up. */
async function seedInterview(s: Services, supervisor: NonNullable<Awaited<ReturnType<Services['users']['byUsername']>>>, month: string) {
  const { candidates } = await s.assessmentFollowups.interviews(supervisor, month);
  const c = candidates.find((x) => x.unitType === 'street') ?? candidates[0];
  if (!c) return;
  const day = `${month}-28`;
  const rec = await s.assessmentFollowups.recordInterview(supervisor, month, {
    unitId: c.unitId, reason: c.reasons[0], heldOn: day, interviewer: '区接诉即办专班（演示）', attendees: `${c.unitName}主要负责人、分管负责人`,
    commitments: '一周内梳理未解决诉求清单，逐件回访；建立响应超时日报（演示数据）', followUpDue: day,
  });
  await s.assessmentFollowups.followUp(supervisor, rec.id, { note: '已提交未解决诉求清单，回访进行中（演示数据）', done: false });
}

/** 关键小事 of the demo: key matters and the demo catalog's leaves they cover. */
const DEMO_KEY_MATTERS: [string, string[]][] = [
  ['物业管理', ['物业服务', '小区管理']],
  ['垃圾分类与环境卫生', ['环境卫生']],
];
/** Demo industry regulators of the demo companies (a real centre sets its own in the console). */
const DEMO_REGULATORS: [string, string][] = [
  ['E3501-WATER', 'D3501-CGW'], ['E3501-GAS', 'D3501-CGW'], ['E3501-HEAT', 'D3501-ZJJ'], ['E3501-POWER', 'D3501-FG'],
  ['E3501-CT', 'D3501-GX'], ['E3501-CM', 'D3501-GX'], ['E3501-CU', 'D3501-GX'], ['E3501-BUS', 'D3501-JTYS'], ['E3501-METRO', 'D3501-JTYS'],
];
