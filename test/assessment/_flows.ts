// Order flows for the assessment tests, driven through the real API (not a test file itself).
import { cst, OTHER_STREET, STREET, THIRD_STREET, World, type Order } from '../core/_support';

export { OTHER_STREET, STREET, THIRD_STREET };
export const DAY = 86_400_000;
export const handlerOf = (code: string) => `handler.${code}`;

export interface Flow {
  unit: string;
  /** contact after the first-contact limit (the clock moves 5 days first) */
  late?: boolean;
  end: { resolution: string; satisfaction: string } | 'refused' | 'unreachable' | 'close';
}

/** Registers, dispatches to `unit`, signs, contacts, replies and ends the order as `end` says. */
export async function runFlow(w: World, f: Flow): Promise<Order> {
  const h = handlerOf(f.unit);
  let o = await w.create();
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(f.unit), tier: 3 });
  return finish(w, o, h, f);
}

export async function finish(w: World, o: Order, h: string, f: Flow): Promise<Order> {
  o = await w.do(h, o, 'sign');
  if (f.late) w.t.clock.advance(5 * DAY);
  o = await w.do(h, o, 'contact', w.body('contact'));
  o = await w.do(h, o, 'reply', w.body('reply'));
  return endOrder(w, o, f.end);
}

export async function endOrder(w: World, o: Order, end: Flow['end']): Promise<Order> {
  if (end === 'close') return w.do('callback', o, 'close', { note: '无需回访' });
  if (end === 'refused') return w.do('callback', o, 'callback', { outcome: 'refused' });
  if (end === 'unreachable') {
    for (let i = 0; i < 3; i++) o = await w.do('callback', o, 'callback', { outcome: 'unreachable' });
    return o;
  }
  o = await w.do('callback', o, 'callback', { outcome: 'done', contacted: true, ...end });
  if (o.status === 'replied') o = await w.do('callback', o, 'close', { note: '已记录评价' });
  return o;
}

export const at = cst;

/** The kept counts (rows that are not all zero), to compare with the counts refreshed from the facts. */
export async function keptCounts(w: World): Promise<string[]> {
  const { rows } = await w.t.s.db.query(
    `select * from assessment_counts where assessed + exempted > 0 order by month, unit_id, category_id`,
  );
  return rows.map((r) => JSON.stringify(r));
}
