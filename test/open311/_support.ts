// Helpers for the Open311 tests: XML parsed to element trees (names in document order), key issuing.
// Not a test file itself.
import assert from 'node:assert/strict';
import { create } from 'xmlbuilder2';
import type { LightMyRequestResponse } from 'fastify';

export interface El {
  name: string;
  text: string;
  children: El[];
}

function toEl(n: Node): El {
  const children: El[] = [];
  let text = '';
  n.childNodes.forEach((c) => {
    if (c.nodeType === 1) children.push(toEl(c));
    else if (c.nodeType === 3 || c.nodeType === 4) text += c.textContent ?? '';
  });
  return { name: n.nodeName, text: children.length ? '' : text, children };
}

/** Parses an XML answer: checks the declaration and content type, returns the root element. */
export function xml(res: LightMyRequestResponse): El {
  assert.match(String(res.headers['content-type']), /^text\/xml; charset=utf-8/);
  assert.match(res.body, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
  const doc = create(res.body);
  return toEl(doc.root().node as unknown as Node);
}
export const names = (e: El) => e.children.map((c) => c.name);
export const child = (e: El, name: string) => e.children.find((c) => c.name === name)!;

export function json(res: LightMyRequestResponse) {
  assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8/);
  return JSON.parse(res.body);
}

/** The specification's element order per document (wiki.open311.org/GeoReport_v2). */
export const ORDER = {
  service: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  definition: ['service_code', 'attributes'],
  attribute: ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'],
  value: ['key', 'name'],
  created: ['service_request_id', 'token', 'service_notice', 'account_id'],
  request: ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
    'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url'],
  token: ['service_request_id', 'token'],
  error: ['code', 'description'],
  discovery: ['changeset', 'contact', 'key_service', 'endpoints'],
  endpoint: ['specification', 'url', 'changeset', 'type', 'formats'],
};

/** Asserts both renderings are the spec's error list with this status. */
export function assertErrors(res: LightMyRequestResponse, status: number, format: 'json' | 'xml', what = '') {
  assert.equal(res.statusCode, status, `${what}: ${res.body}`);
  if (format === 'json') {
    const b = json(res);
    assert.ok(Array.isArray(b) && b.length === 1, res.body);
    assert.deepEqual(Object.keys(b[0]), ORDER.error);
    assert.equal(b[0].code, status);
    assert.equal(typeof b[0].description, 'string');
  } else {
    const r = xml(res);
    assert.equal(r.name, 'errors');
    assert.deepEqual(names(r), ['error']);
    assert.deepEqual(names(r.children[0]), ORDER.error);
    assert.equal(child(r.children[0], 'code').text, String(status));
  }
}
