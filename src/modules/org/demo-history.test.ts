import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../../test/helpers/app';
import { DEMO_CATALOG } from '../catalog/demo-catalog';
import { DEMO_LEAF_PHRASES, demoHistory } from './demo-history';
import { DEMO_ORDER_TEMPLATES } from './demo-orders';

test('demo history: every demo leaf has templates, generation is deterministic', () => {
  for (const [, , leaf] of DEMO_CATALOG) assert.ok(DEMO_LEAF_PHRASES[leaf], `no demo phrases for ${leaf}`);
  assert.deepEqual(demoHistory(3, 7), demoHistory(3, 7));
  assert.notDeepEqual(demoHistory(3, 7), demoHistory(3, 8));
  // the demo orders themselves are not copied into the history
  const titles = new Set(demoHistory(12).map((e) => e.title));
  for (const t of DEMO_ORDER_TEMPLATES) assert.ok(!titles.has(t.title));
});

test('a fresh demo suggests the right leaf of its own orders, confidently; history rows are tagged demo', async (ctx) => {
  const t = await createTestApp();
  try {
    const { rows } = await t.s.db.query<{ source: string; n: number }>(`select source, count(*)::int as n from assist_examples group by source order by source`);
    const demo = rows.find((r) => r.source === 'demo')?.n ?? 0;
    assert.equal(demo, DEMO_CATALOG.length * 12);
    await t.s.assist.models.retrain();
    const op = await t.as('operator');
    let right = 0;
    const conf: number[] = [];
    for (const o of DEMO_ORDER_TEMPLATES) {
      const r = await op('POST', '/api/v1/assist', { title: o.title, description: o.description, address: o.address });
      assert.equal(r.statusCode, 200, r.body);
      const c = r.json().categories as { name: string; confidence: number }[];
      assert.ok(c.length >= 1 && c.length <= 3);
      for (let i = 1; i < c.length; i++) assert.ok(c[i - 1].confidence >= c[i].confidence, 'ranked by confidence');
      if (c[0].name === o.leaf) (right++, conf.push(c[0].confidence));
    }
    assert.ok(right >= DEMO_ORDER_TEMPLATES.length - 2, `right on ${right}/${DEMO_ORDER_TEMPLATES.length} demo orders`);
    const mean = conf.reduce((a, b) => a + b, 0) / conf.length;
    ctx.diagnostic(`demo orders: top-1 right ${right}/${DEMO_ORDER_TEMPLATES.length}, mean confidence when right ${mean.toFixed(3)}`);
    assert.ok(mean >= 0.5, `mean confidence of right suggestions ${mean.toFixed(3)}`);
  } finally {
    await t.close();
  }
});
