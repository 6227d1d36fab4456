import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Client, type TestApp } from './helpers/app';

// A real 1×1 PNG and a real minimal PDF header; the names lie on purpose.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d1c6e30000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let t: TestApp;
let op: Client;
let orderId: number;

before(async () => {
  t = await createTestApp({ config: { maxUploadBytes: 64 * 1024 } });
  op = await t.as('operator');
  orderId = (await op('POST', '/api/v1/orders', { channel: 'phone', type: 'complaint', title: '井盖缺失', requester: { name: '丁', phone: '13600000000' } })).json().id;
});
after(() => t.close());

const upload = (c: Client, name: string, body: Buffer, type = 'application/octet-stream') =>
  c('POST', `/api/v1/orders/${orderId}/attachments?filename=${encodeURIComponent(name)}`, body, { 'content-type': type });

test('the type comes from the content, not the name: a PNG named .txt is stored as image/png and downloads intact', async () => {
  const r = await upload(op, '现场照片.txt', PNG);
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.json().mime, 'image/png');
  const order = (await op('GET', `/api/v1/orders/${orderId}`)).json();
  assert.equal(order.attachments[0].id, r.json().id);
  assert.ok(order.events.some((e: { type: string }) => e.type === 'attachment_added'));
  const d = await op('GET', `/api/v1/attachments/${r.json().id}`);
  assert.equal(d.statusCode, 200);
  assert.equal(d.headers['content-type'], 'image/png');
  assert.deepEqual(d.rawPayload, PNG);
  assert.equal((await upload(op, 'reply.pdf', PDF, 'application/pdf')).json().mime, 'application/pdf');
});

test('text or script content named .jpg is refused (415) and nothing is stored', async () => {
  const r = await upload(op, 'photo.jpg', Buffer.from('<script>alert(1)</script>'), 'image/jpeg');
  assert.equal(r.statusCode, 415);
  assert.equal(r.json().code, 'attachment_type_not_allowed');
  const { rows } = await t.s.db.query<{ n: number }>('select count(*)::int as n from attachments where filename = $1', ['photo.jpg']);
  assert.equal(rows[0].n, 0);
});

test('files above the size limit are refused with 413 problem+json', async () => {
  const big = Buffer.concat([PNG, Buffer.alloc(70 * 1024)]);
  const r = await upload(op, 'big.png', big);
  assert.equal(r.statusCode, 413);
  assert.match(String(r.headers['content-type']), /problem\+json/);
});

test('a unit outside the order cannot upload or download (404, nothing learned)', async () => {
  const att = (await upload(op, 'a.png', PNG)).json();
  const other = await t.as('handler.350102009');
  assert.equal((await other('GET', `/api/v1/attachments/${att.id}`)).statusCode, 404);
  assert.equal((await upload(other, 'b.png', PNG)).statusCode, 404);
});

// A real 1×1 GIF; and HTML pages that start with an image's magic number (sniffed as image/gif, image/png …).
const GIF = Buffer.from('47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b', 'hex');
const DISGUISED = {
  'GIF89a + HTML': Buffer.from('GIF89a<html><body><script>alert(document.cookie)</script></body></html>'),
  'GIF header + script later in the first KB': Buffer.concat([GIF.subarray(0, 13), Buffer.from('!'), Buffer.alloc(200, 0x20), Buffer.from('<script src=//evil.example/x.js></script>')]),
  'PNG signature + HTML': Buffer.concat([PNG.subarray(0, 8), Buffer.from('<!doctype html><p>hi')]),
  'JPEG magic + HTML': Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('<html><script>alert(1)</script>')]),
  'PDF with an HTML page inside': Buffer.from('%PDF-1.4\n<html><body><script>alert(1)</script>\n%%EOF\n'),
};

test('an HTML page that starts with an image magic number is refused 415 attachment_type_not_allowed, nothing stored', async () => {
  const count = async () => (await t.s.db.query<{ n: number }>('select count(*)::int as n from attachments')).rows[0].n;
  const before = await count();
  for (const [what, body] of Object.entries(DISGUISED)) {
    const r = await upload(op, 'cat.gif', body, 'image/gif');
    assert.equal(r.statusCode, 415, `${what}: ${r.statusCode} ${r.body}`);
    assert.equal(r.json().code, 'attachment_type_not_allowed', what);
  }
  assert.equal(await count(), before);
  const ok = await upload(op, 'real.gif', GIF, 'image/gif');
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().mime, 'image/gif');
});

test('downloads: nosniff and a sandboxing CSP always; images inline, documents as attachment', async () => {
  const png = (await upload(op, '照片.png', PNG)).json();
  const pdf = (await upload(op, 'report.pdf', PDF, 'application/pdf')).json();
  const dl = async (id: string) => op('GET', `/api/v1/attachments/${id}`);
  for (const [id, disposition] of [[png.id, /^inline; filename\*=UTF-8''%E7%85%A7%E7%89%87\.png$/], [pdf.id, /^attachment; filename\*=UTF-8''report\.pdf$/]] as const) {
    const r = await dl(id);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['content-security-policy'], "default-src 'none'; sandbox");
    assert.match(String(r.headers['content-disposition']), disposition);
  }
});
