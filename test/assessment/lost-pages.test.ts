// A scorecard shows the first orders of each kind of lost point with its total; the rest come page by page. The
// totals (from the kept counts) and the pages (keyset on the order id) are checked against the facts themselves, on a
// generated month large enough to need several pages, live and after the month is published (frozen).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, expectProblem, World } from '../core/_support';
import { generateHistory } from '../../src/modules/assessment/history';
import { handlerOf, OTHER_STREET, STREET } from './_flows';

const MONTH = '2026-06';
const KINDS = ['lateContact', 'unresolved', 'unsatisfied', 'exempted'] as const;
/** Each kind's definition, written straight over the facts (not the code under test). */
const DEFINITION: Record<(typeof KINDS)[number], string> = {
  lateContact: `exemption is distinct from 'approved' and (first_contact_at is null or contact_due_at is null or first_contact_at > contact_due_at)`,
  unresolved: `exemption is distinct from 'approved' and evaluation = 'evaluated' and resolution is distinct from 'resolved'`,
  unsatisfied: `exemption is distinct from 'approved' and evaluation = 'evaluated' and satisfaction is distinct from 'satisfied'`,
  exempted: `exemption = 'approved'`,
};
let w: World;
let unit: number;

before(async () => {
  w = await World.open({ start: '2026-07-20T10:00:00+08:00' });
  const s = w.t.s;
  unit = w.units.id(STREET);
  // 1,400 orders of one month for two streets: every kind of lost point holds more than one page of 50.
  await generateHistory(s.db, {
    months: [MONTH], orders: 1400, unitIds: [unit, w.units.id(OTHER_STREET)], tz: 'Asia/Shanghai', policy: await s.policies.byTier(3), calendar: await s.calendar.current(), notAfter: w.t.clock.now(),
  });
});
after(() => w?.close());

async function definition(kind: (typeof KINDS)[number]): Promise<number[]> {
  const { rows } = await w.t.s.db.query<{ id: number }>(`select order_id as id from assessment_facts where month = $1 and unit_id = $2 and ${DEFINITION[kind]} order by order_id`, [MONTH, unit]);
  return rows.map((r) => r.id);
}

async function allPages(who: string, kind: string, limit: number): Promise<{ ids: number[]; totals: number[]; pages: number }> {
  const c = await w.as(who);
  const ids: number[] = [];
  const totals: number[] = [];
  let after: number | null = null;
  let pages = 0;
  do {
    const p = expectOk(await c('GET', `/api/v1/assessment/units/${unit}/lost?month=${MONTH}&kind=${kind}&limit=${limit}${after === null ? '' : `&after=${after}`}`)) as Record<string, any>;
    assert.ok(p.items.length <= limit);
    ids.push(...p.items.map((o: { orderId: number }) => o.orderId));
    totals.push(p.total);
    after = p.nextAfter;
    pages++;
    assert.ok(pages < 100, 'paging does not end');
  } while (after !== null);
  return { ids, totals, pages };
}

test('the scorecard shows the first 50 of each kind and its total; the pages give the rest, each order once', async () => {
  const card = expectOk(await (await w.as(handlerOf(STREET)))('GET', `/api/v1/assessment/units/${unit}?month=${MONTH}`)) as Record<string, any>;
  for (const k of KINDS) {
    const def = await definition(k);
    // Exemptions are rare (about 1 in 50 generated orders): more than one page of 7, and the scorecard shows them all.
    assert.ok(def.length > (k === 'exempted' ? 7 : 50), `${k}: the generated month should need more than one page (${def.length})`);
    assert.equal(card.lostTotals[k], def.length, `${k}: total`);
    assert.deepEqual(card.lost[k].map((o: { orderId: number }) => o.orderId), def.slice(0, 50), `${k}: the first page is the first 50 in registration order`);
    const paged = await allPages(handlerOf(STREET), k, k === 'exempted' ? 7 : 23);
    assert.deepEqual(paged.ids, def, `${k}: the pages, joined`);
    assert.equal(paged.pages, Math.ceil(def.length / (k === 'exempted' ? 7 : 23)));
    assert.ok(paged.totals.every((t) => t === def.length));
    // The console goes on from the scorecard's last order.
    const c = await w.as('supervisor');
    const next = expectOk(await c('GET', `/api/v1/assessment/units/${unit}/lost?month=${MONTH}&kind=${k}&after=${card.lost[k].at(-1).orderId}&limit=500`)) as Record<string, any>;
    assert.deepEqual(next.items.map((o: { orderId: number }) => o.orderId), def.slice(50));
    assert.equal(next.nextAfter, null);
    assert.ok(next.items.every((o: { number: string; title: string }) => o.number.length > 0 && o.title.length > 0));
  }
});

test('a published month pages its frozen copy: later changes to its facts do not move it', async () => {
  const before = await definition('unresolved');
  expectOk(await (await w.as('supervisor'))('POST', `/api/v1/assessment/months/${MONTH}/publish`));
  // An order of the list becomes resolved in the live facts after the publish.
  await w.t.s.db.query(`update assessment_facts set resolution = 'resolved', satisfaction = 'satisfied' where month = $1 and unit_id = $2 and order_id = $3`, [MONTH, unit, before[0]]);
  assert.deepEqual(await definition('unresolved'), before.slice(1), 'the live facts changed');
  const paged = await allPages(handlerOf(STREET), 'unresolved', 200);
  assert.deepEqual(paged.ids, before);
  const card = expectOk(await (await w.as('supervisor'))('GET', `/api/v1/assessment/units/${unit}?month=${MONTH}`)) as Record<string, any>;
  assert.equal(card.published, true);
  assert.equal(card.lostTotals.unresolved, before.length);
});

test('bad paging input is a clear 400; a unit outside the subtree answers like a missing one', async () => {
  const c = await w.as('supervisor');
  for (const q of [`kind=late`, `kind=unresolved&limit=0`, `kind=unresolved&limit=501`, `kind=unresolved&after=-1`, `kind=unresolved&after=abc`, ``]) {
    const r = await c('GET', `/api/v1/assessment/units/${unit}/lost?month=${MONTH}&${q}`);
    assert.equal(r.statusCode, 400, `${q}: ${r.body}`);
    assert.match(r.headers['content-type'] as string, /problem\+json/);
  }
  const other = await w.as(handlerOf(OTHER_STREET));
  const outside = expectProblem(await other('GET', `/api/v1/assessment/units/${unit}/lost?month=${MONTH}&kind=unresolved`), 404, 'unit_not_found');
  const missing = expectProblem(await other('GET', `/api/v1/assessment/units/99999999/lost?month=${MONTH}&kind=unresolved`), 404, 'unit_not_found');
  assert.equal(outside.detail.replace(String(unit), 'N'), missing.detail.replace('99999999', 'N'));
});
