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
      // last_value covers numbers other instances have drawn but not yet committed.
      await db.query(
        `select setval('${seq}', greatest(m, (select last_value from ${seq}))) from
           (select coalesce(max(substr(number, 9)::bigint), 0) as m from orders where number between $1 and $2) x where m > 0`,
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
