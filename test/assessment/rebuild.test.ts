// The facts kept incrementally by the effects hook equal the facts rebuilt from the event log, after a random
// mix of actions, returns, re-dispatches, reopenings, exemptions and merges (merged children are not assessed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { World, type Order } from '../core/_support';
import { at, DAY, endOrder, handlerOf, keptCounts, OTHER_STREET, STREET, THIRD_STREET } from './_flows';
import { refreshCounts } from '../../src/modules/assessment/counts';
import { rng } from '../../bench/lib/prng';

let w: World;
before(async () => {
  w = await World.open({ start: '2026-05-04T09:00:00+08:00' });
});
after(() => w?.close());

async function facts() {
  const { rows } = await w.t.s.db.query('select * from assessment_facts order by order_id, stint');
  return rows.map((r) => JSON.stringify(r));
}

test('rebuild from the event log equals the incremental facts after a random mix', async () => {
  const rand = rng(12345);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const streets = [STREET, OTHER_STREET, THIRD_STREET];
  const merged: number[] = [];
  let parents: Order[] = [];
  w.t.clock.set(at('2026-06-01T09:00:00'));
  for (let i = 0; i < 24; i++) {
    w.t.clock.advance(Math.floor(rand() * 20) * 3600_000);
    let o = await w.create();
    if (parents.length && rand() < 0.15) {
      const p = pick(parents);
      await w.do('operator', o, 'merge', { parentId: p.id });
      merged.push(o.id);
      continue;
    }
    let unit = pick(streets);
    o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(unit), tier: 3 });
    parents.push(o);
    if (rand() < 0.25) {
      o = await w.do(handlerOf(unit), o, 'return', { reason: '非本单位' });
      unit = pick(streets.filter((s) => s !== unit));
      o = await w.do('dispatcher', o, 'return/approve', { mainUnitId: w.units.id(unit), tier: 3 });
    }
    const h = handlerOf(unit);
    o = await w.do(h, o, 'sign');
    if (rand() < 0.3) w.t.clock.advance(3 * DAY);
    o = await w.do(h, o, 'contact', w.body('contact'));
    if (rand() < 0.2) {
      o = await w.do(h, o, 'exemption', { reason: pick(['duplicate', 'other', 'not_our_duty']), note: '申请免考核' });
      o = await w.do('supervisor', o, rand() < 0.5 ? 'exemption/approve' : 'exemption/reject', { note: '处理' });
    }
    if (rand() < 0.15) continue; // left in progress
    o = await w.do(h, o, 'reply', w.body('reply'));
    const end = pick(['close', 'refused', 'unreachable', { resolution: 'resolved', satisfaction: 'satisfied' }, { resolution: 'partly', satisfaction: 'basically' }, { resolution: 'unresolved', satisfaction: 'unsatisfied' }] as const);
    if (typeof end === 'object' && end.resolution === 'unresolved' && rand() < 0.7) {
      o = await w.do('callback', o, 'callback', { outcome: 'done', contacted: true, ...end });
      o = await w.do('callback', o, 'reopen', { reason: '未解决' });
      if (rand() < 0.3) continue; // reopened and not handled yet
      o = await w.do(h, o, 'reply', w.body('reply'));
      await endOrder(w, o, pick(['close', { resolution: 'resolved', satisfaction: 'basically' }] as const));
    } else await endOrder(w, o, end);
    parents = parents.filter((p) => p.id !== o.id);
  }
  w.t.clock.set(at('2026-07-01T08:00:00'));
  const incremental = await facts();
  assert.ok(incremental.length > 20);
  assert.ok(merged.length > 0, 'the mix merged some orders');
  const { rows: m } = await w.t.s.db.query<{ n: number }>(`select count(*)::int as n from assessment_facts where order_id = any($1::int[]) and month is not null`, [merged]);
  assert.equal(m[0].n, 0, 'a merged child is never assessed');
  const counts = await w.t.s.db.query<{ month: string; n: number }>(`select month, count(*)::int as n from assessment_facts where month is not null group by month`);
  assert.ok(counts.rows.some((r) => r.month === '2026-06' && r.n > 5), JSON.stringify(counts.rows));

  // The counts kept with every change equal the counts computed from the facts.
  const kept = await keptCounts(w);
  assert.ok(kept.length > 3);
  await refreshCounts(w.t.s.db, null);
  assert.deepEqual(await keptCounts(w), kept, 'the kept counts equal a refresh from the facts');
  await w.t.s.assessment.rebuild('2026-06');
  assert.deepEqual(await facts(), incremental, 'a month rebuild changes nothing');
  assert.deepEqual(await keptCounts(w), kept, 'nor the counts');
  await w.t.s.db.query('delete from assessment_facts');
  const r = await w.t.s.assessment.rebuild(null);
  assert.ok(r.orders > 20);
  assert.deepEqual(await facts(), incremental, 'a full rebuild gives the same facts');
  // A month rebuild repairs a damaged month.
  await w.t.s.db.query(`update assessment_facts set evaluation = null, month = null where month = '2026-06'`);
  await w.t.s.assessment.rebuild('2026-06');
  assert.deepEqual(await facts(), incremental, "a month rebuild repairs the month");
  assert.deepEqual(await keptCounts(w), kept, 'and its counts');
  // … a moved instant, and a fact the event log does not give (a stint that never was)
  await w.t.s.db.query(`update assessment_facts set first_contact_at = first_contact_at + interval '1 second', started_at = started_at - interval '1 hour' where month = '2026-06'`);
  const { rowCount } = await w.t.s.db.query(`insert into assessment_facts (order_id, stint, unit_id, started_at, ended, month, evaluation) select order_id, 99, unit_id, started_at, 'handled', month, 'evaluated' from assessment_facts where month = '2026-06' limit 1`);
  assert.equal(rowCount, 1);
  await w.t.s.assessment.rebuild('2026-06');
  assert.deepEqual(await facts(), incremental, 'a month rebuild moves instants back and drops a fact the event log does not give');
  assert.deepEqual(await keptCounts(w), kept, 'and the counts follow');
});
