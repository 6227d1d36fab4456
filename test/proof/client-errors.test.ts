// Requests Node's HTTP parser rejects before Fastify sees them still get application/problem+json with a
// stable code (raw sockets against a listening server: these cannot be sent through inject or fetch).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { createTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
let port = 0;
before(async () => {
  t = await createTestApp({ seed: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as net.AddressInfo).port;
});
after(() => t?.close());

/** Writes raw bytes, reads until the server closes; returns status, headers (lower-case) and body. */
function raw(data: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let out = '';
    s.setTimeout(10_000, () => s.destroy(new Error('no answer within 10 s')));
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('error', (e) => (out ? undefined : reject(e)));
    s.on('close', () => {
      const [head = '', body = ''] = out.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    s.write(data, 'latin1');
  });
}

const CASES: { what: string; data: string; status: number; code: string }[] = [
  { what: 'a bad request line', data: 'GARBAGE\r\n\r\n', status: 400, code: 'bad_request' },
  { what: 'an invalid HTTP version', data: 'GET / HTTP/9.x\r\nHost: a\r\n\r\n', status: 400, code: 'bad_request' },
  { what: 'a duplicate Content-Length', data: 'POST /api/v1/session HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}', status: 400, code: 'bad_request' },
  { what: 'a NUL in a header', data: 'GET /api/v1/me HTTP/1.1\r\nHost: a\r\nX-A: b\u0000c\r\n\r\n', status: 400, code: 'bad_request' },
  { what: 'a 20 kB header', data: `GET /api/v1/me HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, status: 431, code: 'header_too_large' },
];

for (const c of CASES) {
  test(`${c.what} → ${c.status} application/problem+json ${c.code}`, async () => {
    const r = await raw(c.data);
    assert.equal(r.status, c.status, JSON.stringify(r));
    assert.match(r.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    const body = JSON.parse(r.body);
    assert.equal(body.code, c.code);
    assert.equal(body.status, c.status);
    assert.equal(Number(r.headers['content-length']), Buffer.byteLength(r.body, 'latin1'));
    assert.ok(typeof body.detail === 'string' && body.detail.length > 10);
  });
}

test('the server still answers ordinary requests afterwards', async () => {
  const r = await raw('GET /api/v1/me HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
  assert.equal(r.status, 401);
});
