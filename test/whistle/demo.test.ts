// The demo data holds a whistle 吹哨报到 in progress, dated relative to the server's now: 区城管局 reported in
// time, 区住建局 is late — the first sweep records that once and alerts the bureau.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runWhistleSweep } from '../../src/modules/whistle/whistle.sweep';
import { DEMO_WHISTLE_ORDER_TITLE } from '../../src/modules/whistle/demo';
import { createTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
before(async () => {
  t = await createTestApp({ start: '2026-09-15T15:00:00+08:00' });
});
after(() => t?.close());

test('a whistle in progress with one late unit, relative to now', async () => {
  const { rows } = await t.s.db.query<{ id: number }>('select id from orders where title = $1', [DEMO_WHISTLE_ORDER_TITLE]);
  const c = await t.as('handler.350102009');
  const panel = JSON.parse((await c('GET', `/api/v1/orders/${rows[0].id}/whistles`)).body);
  assert.equal(panel.items.length, 1);
  const w = panel.items[0];
  assert.equal(w.status, 'open');
  assert.equal(new Date(w.reportBy).getTime(), t.clock.now().getTime() - 2 * 3_600_000);
  const byName = new Map(w.units.map((u: { unitName: string }) => [u.unitName, u]));
  const cg = byName.get('鼓楼区城市管理局') as Record<string, unknown>;
  const power = byName.get('鼓楼区住房和城乡建设局') as Record<string, unknown>;
  assert.ok(cg.reportedAt);
  assert.equal(cg.late, false);
  assert.equal(power.reportedAt, null);
  assert.equal(power.late, true);
  const r = await runWhistleSweep(t.s.db, t.clock, t.s.effects);
  assert.equal(r.recorded, 1, '区住建局 is recorded late, once');
  const late = await t.s.db.query<{ recipient: string }>(`select recipient from outbox where template = 'unit_whistle_late'`);
  assert.equal(late.rows.length, 1);
  assert.equal((await runWhistleSweep(t.s.db, t.clock, t.s.effects)).recorded, 0);
  // The bureau's inbox shows the task, late.
  const inbox = JSON.parse((await (await t.as('handler.D350102-ZJ'))('GET', '/api/v1/whistle/inbox')).body);
  assert.equal(inbox.items.length, 1);
  assert.equal(inbox.items[0].late, true);
});
