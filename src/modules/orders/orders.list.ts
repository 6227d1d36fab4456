// The order list: filters, paging and scope, in one query.
import type { Queryable } from '../../db';
import { fail } from '../../shared/errors';
import { parseInstant } from '../../shared/instant';
import type { AuthUser } from '../users/users.repo';
import { scopeSql } from './access';
import { ORDER_COLS, type OrderRow } from './orders.repo';
import { toSummary, warningSql } from './orders.view';
import { maskPhone } from '../../shared/privacy';
import { bigramQuery } from '../../shared/bigrams';

/** Matching orders are counted up to this many. */
export const COUNT_CAP = 1_000;

export interface ListFilter {
  status?: string[];
  unitId?: number;
  categoryId?: number;
  type?: string;
  channel?: string;
  q?: string;
  phone?: string;
  from?: string;
  to?: string;
  warning?: string[];
  supervised?: boolean;
  /** Orders with a pending request of this kind (return 退单 / extension 延期) awaiting the centre. */
  pending?: 'return' | 'extension';
  /** Only the orders the user registered (a grid worker's own reports). */
  mine?: boolean;
  page?: number;
  pageSize?: number;
}

/**
 * The list's WHERE clause (scope first, then the filters) and its parameters; shared by the list and the export.
 * `scope: false` leaves the scope out, for a query that starts from the unit's scope rows instead.
 */
export function listWhere(user: AuthUser, f: ListFilter, now: Date, tz: string, opts: { scope?: boolean } = {}): { cond: string; clauses: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const scope = opts.scope === false ? null : scopeSql(user, params.length + 1, params.length + 2);
  if (scope) {
    params.push(user.unitId, user.id);
    where.push(scope);
  }
  if (f.mine) where.push(`o.created_by = ${p(user.id)}`);
  if (f.status?.length) where.push(`o.status = any(${p(f.status)}::text[])`);
  // Orders the unit or a unit below it holds an active assignment of (its scope rows).
  if (f.unitId) where.push(`exists (select 1 from order_scope fs where fs.unit_id = ${p(f.unitId)} and fs.order_id = o.id)`);
  if (f.categoryId) where.push(`o.category_id = ${p(f.categoryId)}`);
  if (f.type) where.push(`o.type = ${p(f.type)}`);
  if (f.channel) where.push(`o.channel = ${p(f.channel)}`);
  if (f.q) {
    const like = p(`%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
    // The bigram index finds the candidates (migration 0035); the substring match decides.
    const grams = bigramQuery(f.q);
    if (grams) where.push(`o.search_grams @@ ${p(grams)}::tsquery`);
    where.push(`(o.title ilike ${like} or o.description ilike ${like} or o.address ilike ${like} or o.number like ${like})`);
  }
  // Searching by phone reveals who called: the centre only.
  if (f.phone) {
    if (!user.isCenter) fail('forbidden', 'only the 12345 centre may search orders by phone number');
    where.push(`o.requester_phone = ${p(f.phone)}`);
  }
  if (f.from) where.push(`o.created_at >= ${p(parseInstant(f.from, 'from', tz))}`);
  if (f.to) where.push(`o.created_at <= ${p(parseInstant(f.to, 'to', tz))}`);
  if (f.warning?.length) {
    const nowParam = p(now);
    where.push(`(${warningSql(Number(nowParam.slice(1)))}) = any(${p(f.warning)}::text[])`);
  }
  if (f.supervised !== undefined) where.push(`o.supervised = ${p(f.supervised)}`);
  if (f.pending) where.push(`exists (select 1 from order_requests pr where pr.order_id = o.id and pr.status = 'pending' and pr.kind = ${p(f.pending)})`);
  return { cond: where.length ? `where ${where.join(' and ')}` : '', clauses: where, params };
}

/** Who searched whom is audited like a reveal (the phone is recorded masked). */
export async function auditPhoneSearch(db: Queryable, user: AuthUser, phone: string, matched: number, now: Date, extra: Record<string, unknown> = {}) {
  await db.query('insert into audit_log (at, user_id, unit_id, action, order_id, detail) values ($1,$2,$3,$4,null,$5)', [
    now, user.id, user.unitId, 'search_phone', JSON.stringify({ phone: maskPhone(phone), matched, ...extra }),
  ]);
}

type ListRow = OrderRow & { categoryName: string | null; mainUnitName: string | null };
const NAMES = 'left join catalog_categories c on c.id = o.category_id left join units mu on mu.id = o.main_unit_id';

/**
 * A unit's list: its scope rows (order_scope) in time order, joined to the orders and filtered, stopped at the
 * page — one index range however many orders the city has — beside the orders the user registered outside them
 * (a grid worker's own reports), each branch bounded by the page's end, then merged.
 */
async function unitList(db: Queryable, user: AuthUser, f: ListFilter, now: Date, tz: string, cap: number, page: number, pageSize: number) {
  const { clauses, params } = listWhere(user, f, now, tz, { scope: false });
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const unit = p(user.unitId);
  const me = p(user.id);
  const and = clauses.map((c) => ` and ${c}`).join('');
  const scoped = (cols: string) => (clauses.length
    ? `select ${cols} from order_scope s join orders o on o.id = s.order_id where s.unit_id = ${unit}${and}`
    : `select ${cols} from order_scope s where s.unit_id = ${unit}`);
  const own = (cols: string) => `select ${cols} from orders o where o.created_by = ${me}
    and not exists (select 1 from order_scope cs where cs.unit_id = ${unit} and cs.order_id = o.id)${and}`;
  const k = Math.floor(cap) + 1;
  const { rows: cnt } = await db.query<{ n: number }>(
    `select (select count(*) from (${scoped('1')} limit ${k}) a)::int + (select count(*) from (${own('1')} limit ${k}) b)::int as n`, params,
  );
  const end = p(page * pageSize);
  const limit = p(pageSize);
  const offset = p((page - 1) * pageSize);
  const { rows } = await db.query<ListRow>(
    `select ${ORDER_COLS}, c.name as "categoryName", mu.name as "mainUnitName" from (
       (${scoped('s.order_id as id')} order by s.created_at desc, s.order_id desc limit ${end})
       union all
       (${own('o.id')} order by o.created_at desc, o.id desc limit ${end})
     ) v join orders o on o.id = v.id ${NAMES}
     order by o.created_at desc, o.id desc limit ${limit} offset ${offset}`,
    params,
  );
  return { items: rows.map((r) => toSummary(user, r, { categoryName: r.categoryName, mainUnitName: r.mainUnitName }, now)), total: Math.min(cnt[0].n, cap), totalCapped: cnt[0].n > cap, page, pageSize };
}

export async function listOrders(db: Queryable, user: AuthUser, f: ListFilter, now: Date, tz: string, cap = COUNT_CAP) {
  const page = Math.max(1, f.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, f.pageSize ?? 20));
  if (!user.isCenter) return unitList(db, user, f, now, tz, cap, page, pageSize);
  const { cond, params } = listWhere(user, f, now, tz);
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // Counted up to a cap: an exact count over a megacity's year is a scan of every matching row, while a list is
  // never paged that deep; past the cap the answer says so (totalCapped) and the console shows 1000+.
  const { rows: cnt } = await db.query<{ n: number }>(`select count(*)::int as n from (select 1 from orders o ${cond} limit ${Math.floor(cap) + 1}) x`, params);
  const limit = p(pageSize);
  const offset = p((page - 1) * pageSize);
  const { rows } = await db.query<ListRow>(
    `select ${ORDER_COLS}, c.name as "categoryName", mu.name as "mainUnitName" from orders o ${NAMES}
     ${cond} order by o.created_at desc, o.id desc limit ${limit} offset ${offset}`,
    params,
  );
  if (f.phone) await auditPhoneSearch(db, user, f.phone, Math.min(cnt[0].n, cap), now);
  return { items: rows.map((r) => toSummary(user, r, { categoryName: r.categoryName, mainUnitName: r.mainUnitName }, now)), total: Math.min(cnt[0].n, cap), totalCapped: cnt[0].n > cap, page, pageSize };
}
