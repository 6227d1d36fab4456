// 值守 duty rosters: read and replace a unit's roster (admin, the unit's own unit leader; the centre's dispatchers
// and supervisors read), gap warnings, who is on duty now; and the duty escalation job (duty.job.ts).
import type { Db } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import type { AuthUser, UsersRepo } from '../users/users.repo';
import type { EffectHook } from '../orders/effects';
import type { JobEntry } from '../../jobs/runner';
import { defaultContact, gapsOf, onDuty, slotsBetween, type DutyContact, type DutySlotRow } from './duty.repo';
import { dutyJobEntry, runDutySweep } from './duty.job';

export interface DutyDeps {
  db: Db;
  clock: Clock;
  tz: string;
  users: UsersRepo;
  effects: readonly EffectHook[];
}

export interface ContactInput {
  userId?: number;
  name?: string;
  phone?: string;
}
export interface SlotInput extends ContactInput {
  startsAt: string;
  endsAt: string;
  note?: string;
}
export interface RosterInput {
  defaultContact: ContactInput | null;
  slots: SlotInput[];
}

const DAY = 86_400_000;
/** The longest window one read or gap check covers. */
export const MAX_WINDOW_DAYS = 93;

function instant(s: string, what: string): Date {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) fail('invalid_date', `${what} "${s}" is not a valid ISO 8601 time`);
  return d;
}

const contactView = (c: DutyContact | null) => (c ? { userId: c.userId, userName: c.userName, name: c.contactName, phone: c.contactPhone } : null);
const slotView = (s: DutySlotRow) => ({ id: s.id, userId: s.userId, userName: s.userName, name: s.contactName, phone: s.contactPhone, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), note: s.note });

export function dutyService(d: DutyDeps) {
  const { db } = d;

  async function unitOrFail(id: number) {
    const { rows } = await db.query<{ id: number; name: string; path: string }>('select id, name, path from units where id = $1', [id]);
    if (!rows[0]) fail('unit_not_found', `unit ${id} does not exist`);
    return rows[0];
  }

  function checkRead(user: AuthUser, unitId: number) {
    if (user.role === 'admin' || (user.isCenter && (user.role === 'dispatcher' || user.role === 'supervisor'))) return;
    if (user.role === 'unit_leader' && user.unitId === unitId) return;
    fail('forbidden', 'duty rosters are read by admins, the centre\'s dispatchers and supervisors, and the unit\'s own leader');
  }
  function checkWrite(user: AuthUser, unitId: number) {
    if (user.role === 'admin' || (user.role === 'unit_leader' && user.unitId === unitId)) return;
    fail('forbidden', 'a duty roster is edited by an admin or the unit\'s own leader (unit_leader)');
  }

  function window(from?: string, to?: string) {
    const now = d.clock.now();
    const f = from ? instant(from, 'from') : now;
    const t = to ? instant(to, 'to') : new Date(f.getTime() + 7 * DAY);
    if (t <= f) fail('validation_failed', 'to must be after from');
    if (t.getTime() - f.getTime() > MAX_WINDOW_DAYS * DAY) fail('validation_failed', `a window covers at most ${MAX_WINDOW_DAYS} days`);
    return { from: f, to: t };
  }

  async function roster(user: AuthUser, unitId: number, from?: string, to?: string) {
    const unit = await unitOrFail(unitId);
    checkRead(user, unitId);
    const w = window(from, to);
    const slots = await slotsBetween(db, unitId, w.from, w.to);
    const now = d.clock.now();
    const duty = await onDuty(db, unitId, now);
    return {
      unitId, unitName: unit.name, from: w.from.toISOString(), to: w.to.toISOString(),
      defaultContact: contactView(await defaultContact(db, unitId)),
      slots: slots.map(slotView),
      gaps: gapsOf(slots, w.from, w.to).map((g) => ({ from: g.from.toISOString(), to: g.to.toISOString() })),
      onDutyNow: { source: duty.source, people: duty.people.map((p) => contactView(p)!) },
    };
  }

  return {
    roster,

    /** Replaces the unit's roster from now on (every shift not yet ended) and its default contact, in one transaction. */
    async save(user: AuthUser, unitId: number, body: RosterInput) {
      await unitOrFail(unitId);
      checkWrite(user, unitId);
      const members = new Set((await db.query<{ id: number }>('select id from users where unit_id = $1 and not disabled', [unitId])).rows.map((r) => r.id));
      const contact = (c: ContactInput, what: string) => {
        if (c.userId === undefined && !c.phone) fail('duty_roster_invalid', `${what}: name a user of the unit (userId) or a contact phone`);
        if (c.userId !== undefined && !members.has(c.userId)) fail('duty_roster_invalid', `${what}: user ${c.userId} is not an active user of this unit`);
        return { userId: c.userId ?? null, name: c.name?.trim() || null, phone: c.phone ?? null };
      };
      const now = d.clock.now();
      const def = body.defaultContact ? contact(body.defaultContact, 'default contact') : null;
      const slots = body.slots.map((s, i) => {
        const c = contact(s, `slot ${i + 1}`);
        const a = instant(s.startsAt, `slot ${i + 1} startsAt`);
        const b = instant(s.endsAt, `slot ${i + 1} endsAt`);
        if (b <= a) fail('duty_roster_invalid', `slot ${i + 1} ends before it starts`);
        if (b.getTime() - a.getTime() > 31 * DAY) fail('duty_roster_invalid', `slot ${i + 1} is longer than 31 days; split it`);
        if (b <= now) fail('duty_roster_invalid', `slot ${i + 1} has already ended; ended shifts stay as they were`);
        return { ...c, a, b, note: s.note ?? null };
      });
      await db.tx(async (q) => {
        await q.query('select 1 from units where id = $1 for update', [unitId]);
        // Ended shifts are the record of who was on duty: kept. The rest of the roster is what was sent.
        await q.query('delete from duty_slots where unit_id = $1 and ends_at > $2', [unitId, now]);
        for (const s of slots) {
          await q.query('insert into duty_slots (unit_id, user_id, contact_name, contact_phone, starts_at, ends_at, note) values ($1,$2,$3,$4,$5,$6,$7)', [unitId, s.userId, s.name, s.phone, s.a, s.b, s.note]);
        }
        if (def) {
          await q.query(
            `insert into duty_defaults (unit_id, user_id, contact_name, contact_phone, updated_by, updated_at) values ($1,$2,$3,$4,$5,$6)
             on conflict (unit_id) do update set user_id = excluded.user_id, contact_name = excluded.contact_name, contact_phone = excluded.contact_phone, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
            [unitId, def.userId, def.name, def.phone, user.id, now],
          );
        } else {
          await q.query('delete from duty_defaults where unit_id = $1', [unitId]);
        }
      });
      return roster(user, unitId);
    },

    /** Periods of the window that nobody on the roster covers (the default contact, if any, gets those alerts). */
    async gaps(user: AuthUser, unitId: number, from?: string, to?: string) {
      await unitOrFail(unitId);
      checkRead(user, unitId);
      const w = window(from, to);
      const slots = await slotsBetween(db, unitId, w.from, w.to);
      const gaps = gapsOf(slots, w.from, w.to);
      return {
        unitId, from: w.from.toISOString(), to: w.to.toISOString(), hasDefaultContact: (await defaultContact(db, unitId)) !== null,
        gaps: gaps.map((g) => ({ from: g.from.toISOString(), to: g.to.toISOString() })),
      };
    },

    sweep: () => runDutySweep(db, d.clock, d.tz),
    jobEntry: (intervalMs: number): JobEntry => dutyJobEntry(db, d.tz, intervalMs),
  };
}
export type DutyService = ReturnType<typeof dutyService>;
