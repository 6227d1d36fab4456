// Assessment counts 考核计数: per (month, unit, category) the numerators and denominators of the three rates (and 态度),
// kept current in the transaction that changes a fact — each changed fact takes its old contribution away and adds
// its new one — so rankings and scorecards never aggregate a month of facts. `refreshCounts` recomputes months from
// the facts (after a rebuild or a bulk load); a test proves the kept counts equal a refresh.
import type { Queryable } from '../../db';
import type { Fact } from './facts';

export const COUNT_COLS = ['assessed', 'exempted', 'responded', 'evaluated', 'resolved', 'partly', 'satisfied', 'basically', 'attitude_rated', 'attitude_satisfied', 'attitude_basically'] as const;
type Vec = number[];

/** What one fact adds to its (month, unit, category) row; null when it is not assessed in any month. */
export function contribution(f: Fact): { key: string; month: string; unitId: number; categoryId: number; vec: Vec } | null {
  if (!f.month) return null;
  const x = f.exemption === 'approved';
  const ev = !x && f.evaluation === 'evaluated';
  const on = !x && f.firstContactAt !== null && f.contactDueAt !== null && new Date(f.firstContactAt).getTime() <= new Date(f.contactDueAt).getTime();
  const b = (v: boolean) => (v ? 1 : 0);
  const vec = [
    b(!x), b(x), b(on), b(ev), b(ev && f.resolution === 'resolved'), b(ev && f.resolution === 'partly'), b(ev && f.satisfaction === 'satisfied'),
    b(ev && f.satisfaction === 'basically'), b(ev && f.attitude !== null), b(ev && f.attitude === 'satisfied'), b(ev && f.attitude === 'basically'),
  ];
  const categoryId = f.categoryId ?? 0;
  return { key: `${f.month}|${f.unitId}|${categoryId}`, month: f.month, unitId: f.unitId, categoryId, vec };
}

/** Applies the change from `before` to `after` (facts of one order) to the counts. */
export async function applyCountDeltas(q: Queryable, before: Fact[], after: Fact[]): Promise<void> {
  const acc = new Map<string, { month: string; unitId: number; categoryId: number; vec: Vec }>();
  const add = (f: Fact, sign: number) => {
    const c = contribution(f);
    if (!c) return;
    const cur = acc.get(c.key) ?? { month: c.month, unitId: c.unitId, categoryId: c.categoryId, vec: COUNT_COLS.map(() => 0) };
    c.vec.forEach((v, i) => (cur.vec[i] += sign * v));
    acc.set(c.key, cur);
  };
  for (const f of before) add(f, -1);
  for (const f of after) add(f, +1);
  // A fixed order of rows, so two transactions touching the same two rows never deadlock.
  const rows = [...acc.entries()].filter(([, r]) => r.vec.some((v) => v !== 0)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, r] of rows) {
    await q.query(
      `insert into assessment_counts (month, unit_id, category_id, ${COUNT_COLS.join(', ')}) values ($1, $2, $3, ${COUNT_COLS.map((_, i) => `$${i + 4}`).join(', ')})
       on conflict (month, unit_id, category_id) do update set ${COUNT_COLS.map((c) => `${c} = assessment_counts.${c} + excluded.${c}`).join(', ')}`,
      [r.month, r.unitId, r.categoryId, ...r.vec],
    );
  }
}

const AGG = `count(*) filter (where not x), count(*) filter (where x),
  count(*) filter (where not x and first_contact_at is not null and first_contact_at <= contact_due_at),
  count(*) filter (where not x and evaluation = 'evaluated'),
  count(*) filter (where not x and evaluation = 'evaluated' and resolution = 'resolved'),
  count(*) filter (where not x and evaluation = 'evaluated' and resolution = 'partly'),
  count(*) filter (where not x and evaluation = 'evaluated' and satisfaction = 'satisfied'),
  count(*) filter (where not x and evaluation = 'evaluated' and satisfaction = 'basically'),
  count(*) filter (where not x and evaluation = 'evaluated' and attitude is not null),
  count(*) filter (where not x and evaluation = 'evaluated' and attitude = 'satisfied'),
  count(*) filter (where not x and evaluation = 'evaluated' and attitude = 'basically')`;

/** Recomputes the counts of `months` (every month when null) from the facts. */
export async function refreshCounts(q: Queryable, months: string[] | null): Promise<void> {
  const where = months ? 'where month = any($1::text[])' : '';
  const params = months ? [months] : [];
  await q.query(`delete from assessment_counts ${where}`, params);
  await q.query(
    `insert into assessment_counts (month, unit_id, category_id, ${COUNT_COLS.join(', ')})
     select month, unit_id, coalesce(category_id, 0), ${AGG}
     from (select *, coalesce(exemption = 'approved', false) as x from assessment_facts where month is not null ${months ? 'and month = any($1::text[])' : ''}) f
     group by 1, 2, 3`,
    params,
  );
}

/** Freezes a month's counts with a published version. */
export async function snapshotCounts(q: Queryable, month: string, version: number): Promise<void> {
  await q.query(
    `insert into assessment_snapshot_counts (month, version, unit_id, category_id, ${COUNT_COLS.join(', ')})
     select month, $2, unit_id, category_id, ${COUNT_COLS.join(', ')} from assessment_counts where month = $1`,
    [month, version],
  );
}
