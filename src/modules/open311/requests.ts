// Open311 service requests are orders (channel open311). Filing goes through the same orders service as the
// console; what the client sent beyond the order is written by an effects hook in the registering transaction
// (the extras travel in an AsyncLocalStorage, so they commit or roll back with the order).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db';
import type { EffectHook } from '../orders/effects';
import type { Services } from '../../services';
import type { AuthUser } from '../users/users.repo';
import { Open311Error, isoLocal } from './render';
import { leafIdOf, listServices, serviceCode, type Service } from './services';

export const REQUEST_PREFIX = 'MH-';
export const requestId = (number: string) => `${REQUEST_PREFIX}${number}`;
const CLOSED = ['closed', 'answered', 'merged', 'invalid'];

interface Extras {
  keyId: number;
  token: string;
  serviceCode: string;
  attributes: Record<string, string | string[]>;
  mediaUrl: string | null;
  email: string | null;
  deviceId: string | null;
  accountId: string | null;
}
const extrasStore = new AsyncLocalStorage<Extras>();

/** Writes the Open311 extras of an order being registered from this request (no-op for any other change). */
export const open311Hook: EffectHook = async (q, e) => {
  const x = extrasStore.getStore();
  if (!x || e.cause !== 'register') return;
  await q.query(
    `insert into open311_requests (order_id, key_id, token, service_code, attributes, media_url, email, device_id, account_id) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [e.order.id, x.keyId, x.token, x.serviceCode, JSON.stringify(x.attributes), x.mediaUrl, x.email, x.deviceId, x.accountId],
  );
};

export interface PostInput {
  service: Service;
  keyId: number;
  user: AuthUser;
  lat: number | null;
  long: number | null;
  address: string;
  description: string;
  attributes: Record<string, string | string[]>;
  mediaUrl: string | null;
  email: string | null;
  name: string | null;
  phone: string | null;
  deviceId: string | null;
  accountId: string | null;
}

export async function fileRequest(s: Services, p: PostInput) {
  const attrText = p.service.attributes
    .filter((a) => p.attributes[a.code] !== undefined)
    .map((a) => {
      const v = p.attributes[a.code];
      const keys = Array.isArray(v) ? v : [v];
      return `${a.description.replace(/[？?]$/, '')}：${keys.map((k) => a.values?.find((x) => x.key === k)?.name ?? k).join('、')}`;
    });
  const description = [p.description, ...(attrText.length ? [`【附加信息】${attrText.join('；')}`] : []), ...(p.mediaUrl ? [`【图片】${p.mediaUrl}`] : [])].filter(Boolean).join('\n');
  const extras: Extras = {
    keyId: p.keyId, token: randomBytes(12).toString('base64url'), serviceCode: p.service.service_code, attributes: p.attributes,
    mediaUrl: p.mediaUrl, email: p.email, deviceId: p.deviceId, accountId: p.accountId,
  };
  const title = `${p.service.service_name}${p.description ? `：${p.description.slice(0, 40)}` : ''}`.slice(0, 200);
  const o = await extrasStore.run(extras, () =>
    s.orders.create(p.user, {
      channel: 'open311', type: 'complaint', title, description, address: p.address,
      location: p.lat !== null && p.long !== null ? { lat: p.lat, lng: p.long } : null,
      requester: p.name || p.phone ? { name: p.name ?? undefined, phone: p.phone ?? undefined } : null,
      categoryId: p.service.leaf.id,
    }),
  );
  return { service_request_id: requestId(o.number), token: extras.token, service_notice: '已受理，将按时限转交责任单位办理。', account_id: p.accountId };
}

interface Row {
  number: string;
  status: string;
  categoryId: number | null;
  description: string;
  address: string;
  lat: number | null;
  lng: number | null;
  createdAt: Date;
  updatedAt: Date;
  resolveDueAt: Date | null;
  agency: string | null;
  notes: string | null;
  mediaUrl: string | null;
  serviceCode: string | null;
}

// The public reply to the requester is the last reply (or intake answer) in the order's history.
const SELECT = `select o.number, o.status, o.category_id as "categoryId", o.description, o.address, o.lat, o.lng, o.created_at as "createdAt",
  o.updated_at as "updatedAt", o.resolve_due_at as "resolveDueAt", u.name as agency, r.media_url as "mediaUrl", r.service_code as "serviceCode",
  (select coalesce(e.payload->>'replyToRequester', e.payload->>'answer') from order_events e where e.order_id = o.id and e.type in ('replied','answered') order by e.id desc limit 1) as notes
  from orders o left join units u on u.id = o.main_unit_id left join open311_requests r on r.order_id = o.id`;

/** A request as GeoReport v2 shows it — no requester name, phone or email, ever. */
function present(r: Row, names: Map<number, string>, tz: string) {
  return {
    service_request_id: requestId(r.number),
    status: CLOSED.includes(r.status) ? 'closed' : 'open',
    status_notes: r.notes,
    service_name: r.categoryId ? names.get(r.categoryId) ?? null : null,
    service_code: r.serviceCode ?? (r.categoryId ? serviceCode(r.categoryId) : null),
    description: r.description,
    agency_responsible: r.agency,
    service_notice: null,
    requested_datetime: isoLocal(r.createdAt, tz),
    updated_datetime: isoLocal(r.updatedAt, tz),
    expected_datetime: isoLocal(r.resolveDueAt, tz),
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: r.mediaUrl,
  };
}

export interface Query {
  ids: string[] | null;
  codes: string[] | null;
  status: 'open' | 'closed' | null;
  start: Date | null;
  end: Date | null;
}

export const MAX_RESULTS = 1000;
export const DEFAULT_SPAN_MS = 90 * 86_400_000;

export async function queryRequests(s: Services, q: Query, db: Queryable = s.db) {
  const where = [`o.channel = 'open311'`];
  const args: unknown[] = [];
  const arg = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  if (q.ids) {
    const numbers = q.ids.map((id) => (id.startsWith(REQUEST_PREFIX) ? id.slice(REQUEST_PREFIX.length) : null)).filter((n): n is string => !!n && /^\d{1,20}$/.test(n));
    where.push(`o.number = any(${arg(numbers)}::text[])`);
  } else {
    const end = q.end ?? (q.start ? new Date(q.start.getTime() + DEFAULT_SPAN_MS) : s.clock.now());
    const start = q.start ?? new Date(end.getTime() - DEFAULT_SPAN_MS);
    if (start > end) throw new Open311Error(400, 'start_date must not be after end_date');
    where.push(`o.created_at >= ${arg(start)}`, `o.created_at <= ${arg(end)}`);
    if (q.codes) where.push(`o.category_id = any(${arg(q.codes.map(leafIdOf).filter((n): n is number => n !== null))}::int[])`);
    if (q.status) where.push(`o.status ${q.status === 'closed' ? '' : 'not '}in ('${CLOSED.join("','")}')`);
  }
  const { rows } = await db.query<Row>(`${SELECT} where ${where.join(' and ')} order by o.created_at desc, o.id desc limit ${MAX_RESULTS}`, args);
  const names = new Map((await listServices(s.catalog.repo)).map((x) => [x.leaf.id, x.service_name]));
  return rows.map((r) => present(r, names, s.config.timezone));
}

export async function requestByToken(db: Queryable, token: string): Promise<{ service_request_id: string; token: string } | null> {
  const { rows } = await db.query<{ number: string }>('select o.number from open311_requests r join orders o on o.id = r.order_id where r.token = $1', [token]);
  return rows[0] ? { service_request_id: requestId(rows[0].number), token } : null;
}
