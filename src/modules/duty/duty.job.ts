// The duty escalation job (jobs/runner.ts): a tier-1/2 order still unsigned after half its sign limit alerts the
// unit leader(s) 单位负责人, and at the sign limit the 12345 centre — each once per order and clock, safe with
// several instances (claim rows in duty_alerts, inserted in the transaction of the event, under the order lock).
// The limits are elapsed time (tiers 1–2 count calendar minutes and hours), so nights and holidays are no different.
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { appendEvent, SYSTEM_ACTOR } from '../../shared/events';
import { runJobOnce, type Job, type JobEntry } from '../../jobs/runner';
import { enqueue } from '../notify/outbox';
import { cityTime } from '../notify/hook';
import { claimDutyAlert, defaultContact, personOf, recipientOf } from './duty.repo';
import { DUTY_TIERS } from './duty.hook';

const BATCH = 200;

interface Due {
  orderId: number;
  clockNo: number;
  stage: 'leader' | 'centre';
}

const DUE_SQL = `select o.id as "orderId", o.clock_no as "clockNo", s.stage
  from orders o cross join (values ('leader'), ('centre')) as s(stage)
  where o.status = 'dispatched' and o.tier <= ${DUTY_TIERS} and o.signed_at is null and o.main_unit_id is not null
    and o.sign_due_at is not null and o.clock_started_at is not null
    and case s.stage when 'leader' then o.clock_started_at + (o.sign_due_at - o.clock_started_at) / 2 else o.sign_due_at end <= $1
    and not exists (select 1 from duty_alerts a where a.order_id = o.id and a.clock_no = o.clock_no and a.stage = s.stage)`;

async function recordOne(q: Queryable, d: Due, now: Date, tz: string): Promise<number> {
  await q.query('select 1 from orders where id = $1 for update', [d.orderId]);
  // Re-read under the lock: the unit may have signed, or the order been re-dispatched, since the batch was read.
  const { rows } = await q.query<{ mainUnitId: number; number: string; title: string; signDueAt: Date; unitName: string }>(
    `select o.main_unit_id as "mainUnitId", o.number, o.title, o.sign_due_at as "signDueAt", u.name as "unitName"
     from (${DUE_SQL} and o.id = $2 and o.clock_no = $3 and s.stage = $4) x join orders o on o.id = x."orderId" join units u on u.id = o.main_unit_id`,
    [now, d.orderId, d.clockNo, d.stage],
  );
  const o = rows[0];
  if (!o || !(await claimDutyAlert(q, d.orderId, d.clockNo, d.stage, o.mainUnitId, now))) return 0;
  const vars = { number: o.number, title: o.title, unitName: o.unitName, signDueAt: cityTime(o.signDueAt, tz) };
  let targets: { recipient: string; person: string }[];
  if (d.stage === 'leader') {
    const leaders = await q.query<{ id: number; name: string }>(`select id, display_name as name from users where unit_id = $1 and role = 'unit_leader' and not disabled order by id`, [o.mainUnitId]);
    targets = leaders.rows.map((l) => ({ recipient: `user:${l.id}`, person: l.name }));
    if (!targets.length) {
      // No leader account: the default contact, else the unit's own channel.
      const c = await defaultContact(q, o.mainUnitId);
      targets = [c ? { recipient: recipientOf(c), person: personOf(c) } : { recipient: `unit:${o.mainUnitId}`, person: '' }];
    }
    for (const t of targets) await enqueue(q, { template: 'duty_leader_alert', recipient: t.recipient, orderId: d.orderId, vars: { ...vars, person: t.person } }, now);
  } else {
    const centre = (await q.query<{ id: number; name: string }>(`select id, name from units where type = 'center' order by length(path) limit 1`)).rows[0];
    targets = centre ? [{ recipient: `unit:${centre.id}`, person: centre.name }] : [];
    for (const t of targets) await enqueue(q, { template: 'duty_centre_alert', recipient: t.recipient, orderId: d.orderId, vars: { ...vars, person: t.person } }, now);
  }
  await appendEvent(q, d.orderId, 'duty_alerted', SYSTEM_ACTOR, now, { stage: d.stage, unitId: o.mainUnitId, recipients: targets.map((t) => t.person || o.unitName) });
  return 1;
}

export function dutyJob(db: Db, tz: string, counter?: { recorded: number }): Job<Due> {
  return {
    name: 'duty-escalation',
    async claim(now, limit) {
      return (await db.query<Due>(`${DUE_SQL} order by o.sign_due_at, o.id, s.stage limit $2`, [now, limit])).rows;
    },
    async act(item, now) {
      const n = await db.tx((q) => recordOne(q, item, now, tz));
      if (counter) counter.recorded += n;
    },
  };
}

export function dutyJobEntry(db: Db, tz: string, intervalMs: number): JobEntry {
  return { job: dutyJob(db, tz) as Job<unknown>, intervalMs, batch: BATCH };
}

/** One pass until nothing new is due (tests): how many alert stages this caller recorded. */
export async function runDutySweep(db: Db, clock: Clock, tz: string): Promise<{ recorded: number }> {
  const counter = { recorded: 0 };
  const job = dutyJob(db, tz, counter);
  for (let i = 0; i < 100; i++) {
    const before = counter.recorded;
    const claimed = await runJobOnce(job, clock, BATCH);
    if (claimed < BATCH || counter.recorded === before) break;
  }
  return counter;
}
