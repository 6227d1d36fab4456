// Validates a POST requests.* parameter set (from the query string and the body) into an order input.
// Every problem is a 400 in the specification's error list — never a 5xx.
import { parseInstant } from '../../shared/instant';
import { Open311Error } from './render';
import type { Service } from './services';

export type Params = Record<string, string | string[] | undefined>;

export const MAX_DESCRIPTION = 4000;
const bad = (d: string): never => {
  throw new Open311Error(400, d);
};
// Controls other than tab/newline are refused (a NUL cannot be stored), as are lone surrogates.
const clean = (v: string, name: string, max: number) => {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v) || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v)) bad(`${name} contains characters that are not allowed`);
  if ([...v].length > max) bad(`${name} is longer than ${max} characters`);
  return v.trim();
};
function one(p: Params, name: string, max: number): string | null {
  const v = p[name];
  if (v === undefined) return null;
  if (Array.isArray(v)) bad(`${name} was given more than once`);
  const s = clean(String(v), name, max);
  return s === '' ? null : s;
}
function coord(p: Params, name: 'lat' | 'long', limit: number): number | null {
  const v = one(p, name, 40);
  if (v === null) return null;
  const n = Number(v);
  if (!/^-?\d+(\.\d+)?$/.test(v) || !Number.isFinite(n) || Math.abs(n) > limit) bad(`${name} must be a decimal number between -${limit} and ${limit} (WGS84)`);
  return n;
}

/** `attribute[code]` and `attribute[code][]` parameters, checked against the service definition. */
function attributes(p: Params, svc: Service, tz: string): Record<string, string | string[]> {
  const given = new Map<string, string[]>();
  for (const [k, v] of Object.entries(p)) {
    const m = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(k);
    if (!m || v === undefined) continue;
    given.set(m[1], [...(given.get(m[1]) ?? []), ...(Array.isArray(v) ? v : [v]).map((x) => clean(String(x), `attribute[${m[1]}]`, 1000))]);
  }
  const out: Record<string, string | string[]> = {};
  for (const a of svc.attributes) {
    const vs = (given.get(a.code) ?? []).filter((x) => x !== '');
    given.delete(a.code);
    if (!vs.length) {
      if (a.required) bad(`attribute[${a.code}] is required for service ${svc.service_code}`);
      continue;
    }
    if (a.datatype !== 'multivaluelist' && vs.length > 1) bad(`attribute[${a.code}] takes one value`);
    if (a.values && vs.some((v) => !a.values!.some((x) => x.key === v))) bad(`attribute[${a.code}] must be one of: ${a.values.map((x) => x.key).join(', ')}`);
    if (a.datatype === 'number' && vs.some((v) => !Number.isFinite(Number(v)))) bad(`attribute[${a.code}] must be a number`);
    if (a.datatype === 'datetime') {
      try {
        parseInstant(vs[0], `attribute[${a.code}]`, tz);
      } catch {
        bad(`attribute[${a.code}] must be an ISO 8601 date-time`);
      }
    }
    out[a.code] = a.datatype === 'multivaluelist' ? vs : vs[0];
  }
  if (given.size) bad(`service ${svc.service_code} has no attribute ${[...given.keys()][0]}`);
  return out;
}

export function parsePost(p: Params, svc: Service, tz: string) {
  const lat = coord(p, 'lat', 90);
  const long = coord(p, 'long', 180);
  if ((lat === null) !== (long === null)) bad('lat and long must be given together');
  const addressString = one(p, 'address_string', 500);
  const addressId = one(p, 'address_id', 100);
  if (lat === null && !addressString && !addressId) bad('a location is required: lat and long, address_string or address_id');
  const description = one(p, 'description', MAX_DESCRIPTION) ?? '';
  const mediaUrl = one(p, 'media_url', 2000);
  if (mediaUrl && !/^https?:\/\/[^\s]+$/i.test(mediaUrl)) bad('media_url must be an http(s) URL');
  const email = one(p, 'email', 200);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) bad('email is not an e-mail address');
  const phone = one(p, 'phone', 30);
  if (phone && !/^\+?[0-9][0-9 ()-]{2,28}$/.test(phone)) bad('phone may hold digits, spaces, +, - and parentheses only');
  const first = one(p, 'first_name', 50);
  const last = one(p, 'last_name', 50);
  const name = [last, first].filter(Boolean).join('') || null;
  return {
    lat, long,
    address: addressString ?? (addressId ? `地址编号 ${addressId}` : ''),
    description, attributes: attributes(p, svc, tz), mediaUrl, email, name,
    phone: phone ? phone.replace(/[ ()-]/g, '') : null,
    deviceId: one(p, 'device_id', 200), accountId: one(p, 'account_id', 200),
  };
}
