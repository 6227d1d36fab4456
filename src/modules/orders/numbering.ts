// Order numbers: YYYYMMDD + 6-digit daily sequence, unique and never reused.
// One PostgreSQL sequence per day: nextval never blocks and never rolls back, so concurrent
// intake on several instances cannot collide (a failed insert leaves a gap, never a reuse).
import type { Db } from '../../db';
import { localDate } from '../sla';

// Which day sequences are known to exist, per database (a process may talk to more than one).
const created = new WeakMap<Db, Set<string>>();

/** Forget what we know of this database's sequences (one was reported missing): the next call creates it. */
export function forgetDaySequences(db: Db): void {
  created.delete(db);
}

/** The day (YYYYMMDD) and the name of its sequence, created once per process and day. */
export async function daySequence(db: Db, at: Date, tz: string): Promise<{ day: string; seq: string }> {
  const day = localDate(at, tz).replaceAll('-', '');
  const seq = `order_seq_${day}`;
  let known = created.get(db);
  if (!known) created.set(db, (known = new Set()));
  for (let attempt = 0; !known.has(seq); attempt++) {
    try {
      await db.query(`create sequence if not exists ${seq}`);
      // A sequence re-created after a loss must continue after the day's highest number, never reuse one.
      // It only ever moves forward: while other instances draw from a healthy sequence, its position is
      // already past every committed number and this statement changes nothing (setting it back to the
      // committed maximum would hand out numbers that in-flight inserts elsewhere already hold).
      await db.query(
        `select setval('${seq}', m) from
           (select coalesce(max(substr(number, 9)::bigint), 0) as m from orders where number between $1 and $2) x
         where m > (select case when is_called then last_value else last_value - 1 end from ${seq})`,
        [`${day}000000`, `${day}999999999999`],
      );
      known.add(seq);
    } catch (e) {
      // Two instances creating the same day's sequence at once: one gets a unique violation; retry.
      if (attempt >= 3) throw e;
    }
  }
  return { day, seq };
}

/** SQL for the next number of that day: 6 digits, wider past 999999 (never truncated). */
export const nextNumberSql = (dayParam: string, seq: string) =>
  `(select ${dayParam} || lpad(v::text, greatest(6, length(v::text)), '0') from nextval('${seq}') v)`;
