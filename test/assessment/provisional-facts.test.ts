// Assessment facts follow a provisional first-contact deadline when the year's holidays are entered: a unit
// that contacts the requester by the official deadline is not counted late because the deadline was first
// counted on plain weekdays. The incremental facts still equal a rebuild from the event log.
//
// The schedule is a TEST FIXTURE shaped like a notice, not the official schedule of any year.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarCoverage } from '../../src/modules/sla';
import { World } from '../core/_support';
import { endOrder, handlerOf, STREET } from './_flows';

const Y = calendarCoverage().lastYear;
const N = Y + 1;
const day = (d: string, k: number) => new Date(Date.parse(`${d}T00:00:00Z`) + k * 86400_000).toISOString().slice(0, 10);
const isWeekday = (d: string) => [1, 2, 3, 4, 5].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
/** The first weekday of N (what a provisional one-working-day deadline from Y's last weekday counts). */
let firstWeekday = `${N}-01-01`;
while (!isWeekday(firstWeekday)) firstWeekday = day(firstWeekday, 1);
/** Y's last weekday: the dispatch day. */
let lastWeekday = `${Y}-12-31`;
while (!isWeekday(lastWeekday)) lastWeekday = day(lastWeekday, -1);

let w: World;
before(async () => {
  w = await World.open({ start: `${lastWeekday}T10:00:00+08:00` });
});
after(() => w?.close());

async function factRows() {
  const { rows } = await w.t.s.db.query('select * from assessment_facts order by order_id, stint');
  return rows.map((r) => JSON.stringify(r));
}

test('a provisional first-contact deadline made official moves in the facts too, and a rebuild agrees', async () => {
  const h = handlerOf(STREET);
  let o = await w.create();
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3 });
  assert.equal(o.deadlines.contact.provisional, true, JSON.stringify(o.deadlines.contact));
  const provisionalDue = new Date(o.deadlines.contact.dueAt);
  const fact = async () => (await w.t.s.db.query<{ due: Date; month: string | null }>('select contact_due_at as due, month from assessment_facts where order_id = $1', [o.id])).rows[0];
  assert.equal((await fact()).due.getTime(), provisionalDue.getTime());

  // The year is entered with its first weekday off: the contact deadline moves one working day later.
  const fixture = { source: '测试用安排（非官方）', holidays: [{ from: firstWeekday, name: '元旦' }, { from: `${N}-02-08`, to: `${N}-02-14`, name: '春节' }], workdays: [] };
  await w.t.s.calendar.saveYear(N, fixture, (await w.t.s.users.byUsername('admin'))!.id);
  const { changed } = await w.t.s.provisional.recompute();
  assert.ok(changed >= 1);
  const official = await w.get(o.id);
  const officialDue = new Date(official.deadlines.contact.dueAt);
  assert.equal(official.deadlines.contact.provisional, false);
  assert.ok(officialDue > provisionalDue, `${officialDue.toISOString()} after ${provisionalDue.toISOString()}`);
  assert.equal((await fact()).due.getTime(), officialDue.getTime(), 'the fact holds the official deadline');

  // Contacted after the provisional deadline but before the official one: on time.
  w.t.clock.set(new Date((provisionalDue.getTime() + officialDue.getTime()) / 2));
  o = await w.do(h, official, 'sign');
  o = await w.do(h, o, 'contact', w.body('contact'));
  o = await w.do(h, o, 'reply', w.body('reply'));
  await endOrder(w, o, { resolution: 'resolved', satisfaction: 'satisfied' });
  const month = (await fact()).month!;
  const card = (await (await w.as('supervisor'))('GET', `/api/v1/assessment/units/${w.units.id(STREET)}?month=${month}`)).json();
  assert.ok(!card.lost.lateContact.some((l: { orderId: number }) => l.orderId === o.id), 'not counted as a late contact');

  const incremental = await factRows();
  await w.t.s.db.query('delete from assessment_facts');
  await w.t.s.assessment.rebuild(null);
  assert.deepEqual(await factRows(), incremental, 'a full rebuild gives the same facts');
});
