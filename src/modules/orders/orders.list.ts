// The order list: filters, paging and scope, in one query.
import type { Queryable } from '../../db';
import { fail } from '../../shared/errors';
import { parseInstant } from '../../shared/instant';
import type { AuthUser } from '../users/users.repo';
import { scopeSql } from './access';
import { ORDER_COLS, type OrderRow } from './orders.repo';
import { toSummary, warningSql } from './orders.view';
import { maskPhone } from '../../shared/privacy';

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

/** The list's filters (everything but the scope) as conditions on `o`, their parameters appended to `params`. */
function listFilters(user: AuthUser, f: ListFilter, now: Date, tz: string, params: unknown[]): string[] {
  const where: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.mine) where.push(`o.created_by = ${p(user.id)}`);
  if (f.status?.length) where.push(`o.status = any(${p(f.status)}::text[])`);
  if (f.unitId) where.push(`exists (select 1 from order_scope fs where fs.unit_id = ${p(f.unitId)} and fs.order_id = o.id)`);
  if (f.categoryId) where.push(`o.category_id = ${p(f.categoryId)}`);
  if (f.type) where.push(`o.type = ${p(f.type)}`);
  if (f.channel) where.push(`o.channel = ${p(f.channel)}`);
  if (f.q) {
    const like = p(`%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
    const text = `(o.title ilike ${like} or o.description ilike ${like} or o.address ilike ${like} or o.number like ${like})`;
    // Every match holds all of the query's character bigrams (migration 0036): the GIN index finds the candidates,
    // the ILIKE decides; orders the backfill has not reached yet (null) are tested by the ILIKE alone. A query without
    // two adjacent non-space characters has no bigram: ILIKE alone.
    where.push(/\S\S/.test(f.q) ? `(o.search_grams @> minhu_search_grams(${p(f.q)}) or o.search_grams is null) and ${text}` : text);
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
  return where;
}

/** The list's WHERE clause (scope first, then the filters) and its parameters; shared by the list and the export. */
export function listWhere(user: AuthUser, f: ListFilter, now: Date, tz: string): { cond: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const scope = scopeSql(user, params.length + 1, params.length + 2);
  if (scope) {
    params.push(user.unitId, user.id);
    where.push(scope);
  }
  where.push(...listFilters(user, f, now, tz, params));
  return { cond: where.length ? `where ${where.join(' and ')}` : '', params };
}

/** Who searched whom is audited like a reveal (the phone is recorded masked). */
export async function auditPhoneSearch(db: Queryable, user: AuthUser, phone: string, matched: number, now: Date, extra: Record<string, unknown> = {}) {
  await db.query('insert into audit_log (at, user_id, unit_id, action, order_id, detail) values ($1,$2,$3,$4,null,$5)', [
    now, user.id, user.unitId, 'search_phone', JSON.stringify({ phone: maskPhone(phone), matched, ...extra }),
  ]);
}

type ListRow = OrderRow & { categoryName: string | null; mainUnitName: string | null };
const ROW_SQL = `select ${ORDER_COLS}, c.name as "categoryName", mu.name as "mainUnitName" from orders o
     left join catalog_categories c on c.id = o.category_id left join units mu on mu.id = o.main_unit_id`;

/**
 * The ids of a unit user's matching orders, newest first, at most `limit`: its scope rows walked in time order
 * (order_scope_unit_time_idx) and the orders the user registered (orders_created_by_idx), each branch bounded, then
 * merged. Never a pass over all orders: a street's first page reads about a page of index entries.
 */
function unitIdsSql(user: AuthUser, f: ListFilter, now: Date, tz: string, params: unknown[], limitValue: number): { sql: string; limit: string } {
  const filters = listFilters(user, f, now, tz, params);
  const and = filters.map((c) => ` and ${c}`).join('');
  const unit = `$${params.push(user.unitId)}`;
  const me = `$${params.push(user.id)}`;
  const limit = `$${params.push(limitValue)}`;
  return {
    limit,
    sql: `(select sc.order_id as id, sc.created_at from order_scope sc join orders o on o.id = sc.order_id
       where sc.unit_id = ${unit}${and} order by sc.created_at desc, sc.order_id desc limit ${limit})
     union
     (select o.id, o.created_at from orders o where o.created_by = ${me}${and} order by o.created_at desc, o.id desc limit ${limit})`,
  };
}

export async function listOrders(db: Queryable, user: AuthUser, f: ListFilter, now: Date, tz: string, cap = COUNT_CAP) {
  const page = Math.max(1, f.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, f.pageSize ?? 20));
  const capped = Math.floor(cap) + 1;
  let n: number;
  let rows: ListRow[];
  if (user.isCenter) {
    const { cond, params } = listWhere(user, f, now, tz);
    // Counted up to a cap: an exact count over a megacity's year is a scan of every matching row (hundreds of ms),
    // while a list never pages that deep; past the cap the answer says so (totalCapped) and the console shows 1000+.
    n = (await db.query<{ n: number }>(`select count(*)::int as n from (select 1 from orders o ${cond} limit ${capped}) x`, params)).rows[0].n;
    const limit = `$${params.push(pageSize)}`;
    const offset = `$${params.push((page - 1) * pageSize)}`;
    rows = (await db.query<ListRow>(`${ROW_SQL} ${cond} order by o.created_at desc, o.id desc limit ${limit} offset ${offset}`, params)).rows;
  } else {
    const cp: unknown[] = [];
    const counted = unitIdsSql(user, f, now, tz, cp, capped);
    n = (await db.query<{ n: number }>(`select count(*)::int as n from (${counted.sql} limit ${counted.limit}) x`, cp)).rows[0].n;
    const ip: unknown[] = [];
    const ids = unitIdsSql(user, f, now, tz, ip, page * pageSize);
    const limit = `$${ip.push(pageSize)}`;
    const offset = `$${ip.push((page - 1) * pageSize)}`;
    rows = (await db.query<ListRow>(
      `${ROW_SQL} join (select id, created_at from (${ids.sql}) u order by created_at desc, id desc limit ${limit} offset ${offset}) pg on pg.id = o.id
       order by o.created_at desc, o.id desc`,
      ip,
    )).rows;
  }
  if (f.phone) await auditPhoneSearch(db, user, f.phone, Math.min(n, cap), now);
  return { items: rows.map((r) => toSummary(user, r, { categoryName: r.categoryName, mainUnitName: r.mainUnitName }, now)), total: Math.min(n, cap), totalCapped: n > cap, page, pageSize };
}
