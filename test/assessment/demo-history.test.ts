// The demo's assessment history: months before the clock's now, ranked, the older ones published, and the
// generated facts equal the ones rebuilt from the generated event log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, World } from '../core/_support';
import { seedAssessmentHistory } from '../../src/modules/assessment/demo-history';

let w: World;
before(async () => {
  w = await World.open({ start: '2026-09-15T10:00:00+08:00' });
});
after(() => w?.close());

test('six months of history before now, five published, rankings with changes and categories', async () => {
  const r = await seedAssessmentHistory(w.t.s);
  assert.ok(r.orders > 100, JSON.stringify(r));
  assert.deepEqual(r.published, ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07']);
  const { rows } = await w.t.s.db.query<{ n: number; max: Date }>(`select count(*)::int as n, max(ended_at) as max from assessment_facts where month between '2026-03' and '2026-08'`);
  assert.ok(rows[0].n >= r.orders * 0.95, `${rows[0].n} facts for ${r.orders} orders`);
  assert.ok(new Date(rows[0].max) < w.t.clock.now(), 'nothing after now');
  const sup = await w.as('supervisor');
  const aug = expectOk(await sup('GET', '/api/v1/assessment/rankings?month=2026-08&unitType=street')) as Record<string, any>;
  assert.equal(aug.published, false);
  assert.ok(aug.items.filter((i: { rank: number | null }) => i.rank !== null).length >= 5);
  assert.ok(aug.items.some((i: { change: number | null }) => i.change !== null));
  assert.ok(aug.items.some((i: { category: string | null }) => i.category === 'advanced'));
  const jul = expectOk(await sup('GET', '/api/v1/assessment/rankings?month=2026-07&unitType=department')) as Record<string, any>;
  assert.equal(jul.published, true);
  const before = (await w.t.s.db.query(`select * from assessment_facts where month = '2026-06' order by order_id, stint`)).rows;
  await w.t.s.assessment.rebuild('2026-06');
  const afterRows = (await w.t.s.db.query(`select * from assessment_facts where month = '2026-06' order by order_id, stint`)).rows;
  assert.deepEqual(afterRows, before);
});
