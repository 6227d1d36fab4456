// Request logs without personal data: a phone (or ID number, name, search text, password) sent in the query
// or the body of a request must not reach the log, whatever the level. The app logs to a captured stream.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createTestApp, type Client, type TestApp } from '../helpers/app';
import { redactUrl } from '../../src/http/log-redact';

const PHONE = '13912345678';
const ID_NUMBER = '350102199001011234';
const PASSWORD = 'Leaked-Pw-7f3a';
let lines = '';
let t: TestApp;
let op: Client;

before(async () => {
  const stream = new Writable({ write(chunk, _enc, done) { lines += chunk.toString(); done(); } });
  t = await createTestApp({ logger: { level: 'trace', stream } });
  op = await t.as('operator');
});
after(() => t?.close());

test('a phone in the query or the body, an ID number, a name, search text and a password never reach the request log', async () => {
  const requests: Promise<unknown>[] = [
    op('GET', `/api/v1/orders?phone=${PHONE}`),
    op('GET', `/api/v1/orders?q=${encodeURIComponent(`张三 ${PHONE}`)}&status=registered`),
    op('GET', `/api/v1/orders?q=${encodeURIComponent('王五丰')}`),
    op('GET', `/api/v1/orders?phone=${PHONE.slice(0, 3)}%20${PHONE.slice(3, 7)}%20${PHONE.slice(7)}`),
    op('GET', `/api/v1/orders?from=not-a-date&phone=${PHONE}`),
    op('POST', '/api/v1/orders', { channel: 'phone', type: 'complaint', title: '噪音扰民', requester: { name: '王五丰', phone: PHONE, idNumber: ID_NUMBER } }),
    // Invalid bodies: parser and validation errors can quote the input.
    op('POST', '/api/v1/orders', `{"requester":{"phone":"${PHONE}"`, { 'content-type': 'application/json' }),
    op('POST', '/api/v1/orders', { channel: 'phone', type: 'complaint', title: '', requester: { name: '王五丰', phone: `x${PHONE}` } }),
    t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'operator', password: PASSWORD }, headers: { 'x-minhu-request': '1' } }),
    t.app.inject({ method: 'GET', url: `/api/v1/orders/${PHONE}` }),
  ];
  for (const r of requests) await r;
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(lines.split('\n').length > 10, `expected request logs, got:\n${lines.slice(0, 500)}`);
  assert.match(lines, /"url":"\/api\/v1\/orders\?phone=\*\*\*"/, 'the masked URL is logged');
  for (const secret of [PHONE, PHONE.slice(3), ID_NUMBER, '王五丰', PASSWORD, '%E7%8E%8B']) {
    const at = lines.indexOf(secret);
    assert.equal(at, -1, `the log contains ${secret}: …${lines.slice(Math.max(0, at - 200), at + 100)}…`);
  }
});

test('redactUrl masks personal query keys and any 7+ digit run, and keeps the rest readable', () => {
  assert.equal(redactUrl('/api/v1/orders?status=registered&page=2&phone=13912345678'), '/api/v1/orders?status=registered&page=2&phone=***');
  assert.equal(redactUrl('/api/v1/orders?q=%E5%BC%A0'), '/api/v1/orders?q=***');
  assert.equal(redactUrl('/api/v1/orders?other=x1391234567y'), '/api/v1/orders?other=***');
  assert.equal(redactUrl('/api/v1/orders?requester_name=a&idNumber=1&pass%77ord=x'), '/api/v1/orders?requester_name=***&idNumber=***&pass%77ord=***');
  assert.equal(redactUrl('/api/v1/orders/13912345678/sign'), '/api/v1/orders/***/sign');
  assert.equal(redactUrl('/api/v1/orders/42?from=2026-03-02'), '/api/v1/orders/42?from=2026-03-02');
});
