// 值守 duty rosters: slots (who is on duty for a unit when) and a default contact per unit.
// Every function takes the Queryable to run on.
import type { Queryable } from '../../db';

export interface DutySlotRow {
  id: number;
  unitId: number;
  userId: number | null;
  userName: string | null;
  contactName: string | null;
  contactPhone: string | null;
  startsAt: Date;
  endsAt: Date;
  note: string | null;
}

export interface DutyContact {
  userId: number | null;
  userName: string | null;
  contactName: string | null;
  contactPhone: string | null;
}

const SLOT_COLS = `s.id, s.unit_id as "unitId", s.user_id as "userId", u.display_name as "userName", s.contact_name as "contactName",
  s.contact_phone as "contactPhone", s.starts_at as "startsAt", s.ends_at as "endsAt", s.note`;

/** Slots of the unit overlapping [from, to), by start. */
export async function slotsBetween(q: Queryable, unitId: number, from: Date, to: Date): Promise<DutySlotRow[]> {
  const { rows } = await q.query<DutySlotRow>(
    `select ${SLOT_COLS} from duty_slots s left join users u on u.id = s.user_id where s.unit_id = $1 and s.ends_at > $2 and s.starts_at < $3 order by s.starts_at, s.id`,
    [unitId, from, to],
  );
  return rows;
}

export async function defaultContact(q: Queryable, unitId: number): Promise<DutyContact | null> {
  const { rows } = await q.query<DutyContact>(
    `select d.user_id as "userId", u.display_name as "userName", d.contact_name as "contactName", d.contact_phone as "contactPhone"
     from duty_defaults d left join users u on u.id = d.user_id where d.unit_id = $1`,
    [unitId],
  );
  return rows[0] ?? null;
}

/** Where an alert to this person goes: their phone when known, else their console user (`user:<id>`). */
export const recipientOf = (c: Pick<DutyContact, 'userId' | 'contactPhone'>) => (c.contactPhone ? c.contactPhone : `user:${c.userId}`);
export const personOf = (c: Pick<DutyContact, 'userName' | 'contactName'>) => c.contactName || c.userName || '';

/** Who is on duty for the unit at `at`: every slot covering it, else the default contact, else nobody. */
export async function onDuty(q: Queryable, unitId: number, at: Date): Promise<{ source: 'roster' | 'default' | 'none'; people: DutyContact[] }> {
  const slots = await slotsBetween(q, unitId, at, new Date(at.getTime() + 1));
  if (slots.length) return { source: 'roster', people: slots };
  const d = await defaultContact(q, unitId);
  return d ? { source: 'default', people: [d] } : { source: 'none', people: [] };
}

/** Periods of [from, to) that no slot covers (slots sorted by start). */
export function gapsOf(slots: Pick<DutySlotRow, 'startsAt' | 'endsAt'>[], from: Date, to: Date): { from: Date; to: Date }[] {
  const out: { from: Date; to: Date }[] = [];
  let cursor = from.getTime();
  for (const s of [...slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const a = s.startsAt.getTime();
    const b = s.endsAt.getTime();
    if (a > cursor) out.push({ from: new Date(cursor), to: new Date(Math.min(a, to.getTime())) });
    cursor = Math.max(cursor, b);
    if (cursor >= to.getTime()) break;
  }
  if (cursor < to.getTime()) out.push({ from: new Date(cursor), to });
  return out.filter((g) => g.to > g.from);
}

/** The claim of one duty alert stage: true when this caller inserted it (and so writes the alert). */
export async function claimDutyAlert(q: Queryable, orderId: number, clockNo: number, stage: 'duty' | 'leader' | 'centre', unitId: number, at: Date): Promise<boolean> {
  const { rowCount } = await q.query('insert into duty_alerts (order_id, clock_no, stage, unit_id, at) values ($1,$2,$3,$4,$5) on conflict do nothing', [orderId, clockNo, stage, unitId, at]);
  return rowCount === 1;
}
