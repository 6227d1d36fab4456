// The deadline columns of an order as one patch: due instants, their provisional years and how each was
// reached. Every writer of deadlines (dispatch, reopen, extension, a calendar recompute) goes through here,
// so the flags, the indexed earliest year and the basis never disagree.
import { dueFromBasis, type DeadlineName, type Deadlines, type DueBasis, type Limit, type WorkCalendar } from '../sla';
import type { OrderPatch, OrderRow } from './orders.repo';

export const DEADLINE_NAMES: readonly DeadlineName[] = ['sign', 'contact', 'resolve'];
type Set = Partial<Record<DeadlineName, { at: Date; provisionalYear: number | null; basis: DueBasis }>>;
type Current = Pick<OrderRow, 'signProvisionalYear' | 'contactProvisionalYear' | 'resolveProvisionalYear' | 'deadlineBasis'>;

const DUE_KEY = { sign: 'signDueAt', contact: 'contactDueAt', resolve: 'resolveDueAt' } as const;
const YEAR_KEY = { sign: 'signProvisionalYear', contact: 'contactProvisionalYear', resolve: 'resolveProvisionalYear' } as const;

export function deadlinePatch(o: Current, set: Set): OrderPatch {
  const patch: OrderPatch = {};
  const basis = { ...(o.deadlineBasis ?? {}) };
  const years: Record<DeadlineName, number | null> = { sign: o.signProvisionalYear, contact: o.contactProvisionalYear, resolve: o.resolveProvisionalYear };
  for (const name of DEADLINE_NAMES) {
    const d = set[name];
    if (!d) continue;
    patch[DUE_KEY[name]] = d.at;
    patch[YEAR_KEY[name]] = d.provisionalYear;
    years[name] = d.provisionalYear;
    basis[name] = d.basis;
  }
  const known = Object.values(years).filter((y): y is number => y !== null);
  patch.provisionalYear = known.length ? Math.min(...known) : null;
  patch.deadlineBasis = basis;
  return patch;
}

/** The patch for a new clock's deadlines, limited to `names` (a reopen restarts contact and resolve only). */
export function clockPatch(o: Current, d: Deadlines, names: readonly DeadlineName[] = DEADLINE_NAMES): OrderPatch {
  const set: Set = {};
  for (const n of names) set[n] = { at: d[DUE_KEY[n]], provisionalYear: d.provisional[n], basis: d.basis[n] };
  return deadlinePatch(o, set);
}

/** The resolution deadline moved on by an approved extension. */
export function extendedPatch(o: Current & Pick<OrderRow, 'resolveDueAt'>, now: Date, extra: Limit, tz: string, cal: WorkCalendar): OrderPatch {
  // An order from before deadline bases were kept extends from its current due time.
  const prior: DueBasis = o.deadlineBasis?.resolve ?? { from: (o.resolveDueAt ?? now).toISOString(), steps: [] };
  const basis = { from: prior.from, steps: [...prior.steps, extra] };
  const due = dueFromBasis(basis, tz, cal);
  return deadlinePatch(o, { resolve: { at: due.at, provisionalYear: due.provisionalYear, basis } });
}

/** No clock (back at the centre after an approved return). */
export const NO_DEADLINES: OrderPatch = {
  signDueAt: null, contactDueAt: null, resolveDueAt: null, clockStartedAt: null,
  signProvisionalYear: null, contactProvisionalYear: null, resolveProvisionalYear: null, provisionalYear: null, deadlineBasis: null,
};

/** Each deadline recomputed on `cal` from its basis; only those that changed (instant or provisional year). */
export function recomputedDeadlines(o: OrderRow, tz: string, cal: WorkCalendar): { patch: OrderPatch; changes: { deadline: DeadlineName; from: string; to: string; provisional: boolean }[] } {
  const set: Set = {};
  const changes: { deadline: DeadlineName; from: string; to: string; provisional: boolean }[] = [];
  for (const name of DEADLINE_NAMES) {
    const basis = o.deadlineBasis?.[name];
    const old = o[DUE_KEY[name]];
    if (!basis || !old || o[YEAR_KEY[name]] === null) continue;
    const due = dueFromBasis(basis, tz, cal);
    if (due.at.getTime() === old.getTime() && due.provisionalYear === o[YEAR_KEY[name]]) continue;
    set[name] = { at: due.at, provisionalYear: due.provisionalYear, basis };
    changes.push({ deadline: name, from: old.toISOString(), to: due.at.toISOString(), provisional: due.provisionalYear !== null });
  }
  return { patch: changes.length ? deadlinePatch(o, set) : {}, changes };
}
