// Request logs without personal data: query values of personal keys (phone, idNumber, names, q, passwords)
// and any run of 7+ digits (a phone or ID number written anywhere) are masked before pino writes a line.
// buildApp applies these serializers to every logger it is given.
import type { FastifyRequest } from 'fastify';
import { stdSerializers } from 'pino';

const MASK = '***';
/** Query or body keys whose values are personal (compared lower-case, without _ and -). */
const PERSONAL_KEYS = new Set(['phone', 'mobile', 'tel', 'idnumber', 'idcard', 'name', 'requester', 'requestername', 'displayname', 'contact', 'address', 'q', 'query', 'search', 'keyword', 'password', 'newpassword', 'token', 'otp']);
// 7+ digits in a row, or a phone written in groups (139 1234 5678, 139-1234-5678).
const DIGIT_RUN = /\d{3}[ -]\d{4}[ -]\d{4}|\d{7,}/g;
const HAS_DIGIT_RUN = new RegExp(DIGIT_RUN.source);

const personal = (key: string) => PERSONAL_KEYS.has(key.toLowerCase().replace(/[_-]/g, ''));

/** Masks 7+ digit runs in free text (phone and ID numbers). */
export function maskDigits(text: string): string {
  return text.replace(DIGIT_RUN, MASK);
}

/** The URL with personal query values masked and digit runs masked everywhere (path included). */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return maskDigits(url);
  const parts = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return maskDigits(pair);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    // Judged on the decoded value: percent-encoding must not hide a number.
    const hide = personal(decodeLoose(key)) || HAS_DIGIT_RUN.test(decodeLoose(raw));
    return `${maskDigits(key)}=${hide ? MASK : raw}`;
  });
  return `${maskDigits(url.slice(0, q))}?${parts.join('&')}`;
}

function decodeLoose(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

/** A deep copy of a logged value with personal keys and digit runs masked. */
export function redactValue(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return maskDigits(v);
  if (typeof v === 'number') return String(Math.trunc(Math.abs(v))).length >= 7 ? MASK : v;
  if (!v || typeof v !== 'object' || depth > 6) return v;
  if (Array.isArray(v)) return v.map((x) => redactValue(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = personal(k) && x !== null && typeof x !== 'object' ? MASK : redactValue(x, depth + 1);
  return out;
}

export const logSerializers = {
  req(req: FastifyRequest) {
    return { method: req.method, url: redactUrl(req.url), host: req.headers?.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
  },
  // Error messages can quote input (a JSON parse error shows part of the body): digit runs are masked.
  err(err: Error) {
    const e = stdSerializers.err(err) as unknown as Record<string, unknown>;
    if (typeof e.message === 'string') e.message = maskDigits(e.message);
    if (typeof e.stack === 'string') e.stack = maskDigits(e.stack);
    return e;
  },
  body: (b: unknown) => redactValue(b),
  query: (q: unknown) => redactValue(q),
};

/** Belt and braces for fields logged under other names. */
export const LOG_REDACT_PATHS = ['req.headers.cookie', 'req.headers.authorization', 'req.body.password', 'body.password', 'password'];
