// GeoReport v2 output: the same documents as JSON or XML, with the specification's element names and order.
// JSON keeps the field order of the objects given here; XML is built element by element from the same objects.
import type { FastifyReply } from 'fastify';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';

export type Format = 'json' | 'xml';
type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value };

/** An XML shape: which element wraps each item of an array field (e.g. formats → format). */
export type ItemNames = Record<string, string>;

export class Open311Error extends Error {
  constructor(readonly status: 400 | 403 | 404 | 429 | 500, readonly description: string) {
    super(description);
  }
}

/** Splits "services.json" into its name and format; null when the format is not json or xml. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { name: m[1], format: m[2] as Format } : null;
}

/** ISO 8601 with the city's explicit offset, e.g. 2026-03-02T09:00:00+08:00. */
export function isoLocal(at: Date | null, tz: string): string | null {
  if (!at) return null;
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset' })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  const off = String(p.timeZoneName).replace('GMT', '') || '+00:00';
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${off}`;
}

function addValue(parent: XMLBuilder, name: string, v: Value, items: ItemNames) {
  if (Array.isArray(v)) {
    const el = parent.ele(name);
    for (const x of v) addValue(el, items[name] ?? 'item', x, items);
  } else if (v !== null && typeof v === 'object') {
    const el = parent.ele(name);
    for (const [k, x] of Object.entries(v)) addValue(el, k, x, items);
  } else {
    const el = parent.ele(name);
    if (v !== null && v !== undefined) el.txt(String(v));
  }
}

export function toXml(root: string, doc: Value, items: ItemNames = {}): string {
  const x = create({ version: '1.0', encoding: 'UTF-8' });
  addValue(x as unknown as XMLBuilder, root, doc, items);
  return x.end({ prettyPrint: true });
}

/** Sends `doc` as JSON (as is) or XML (root element `root`, array items named by `items`). */
export function send(reply: FastifyReply, format: Format, status: number, root: string, doc: Value, items: ItemNames = {}) {
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, doc, items));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(doc));
}

export function sendErrors(reply: FastifyReply, format: Format, status: number, description: string) {
  return send(reply, format, status, 'errors', [{ code: status, description }], { errors: 'error' });
}
