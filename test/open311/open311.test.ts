// GeoReport v2: every endpoint in JSON and XML with the specification's element names and order; errors as
// the spec's error list; API keys (issue once, hashed, revoke, rate limit); no personal data in any GET.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, expectProblem, World } from '../core/_support';
import { assertErrors, child, json, names, ORDER, xml } from './_support';

let w: World;
let key = '';
let keyId = 0;
const P = '/open311/v2';
before(async () => {
  w = await World.open({ config: { open311RateLimit: 1000 } });
  const admin = await w.as('admin');
  const k = expectOk(await admin('POST', '/api/v1/open311/keys', { name: '市民随手拍 App' }), 201);
  key = k.key;
  keyId = k.id;
});
after(() => w.close());

const get = (url: string) => w.t.app.inject({ method: 'GET', url });
const form = (url: string, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return w.t.app.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
};
async function services() {
  return json(await get(`${P}/services.json`)) as { service_code: string; metadata: boolean; service_name: string }[];
}

test('discovery in JSON and XML', async () => {
  const j = json(await get(`${P}/discovery.json`));
  assert.deepEqual(Object.keys(j), ORDER.discovery);
  assert.deepEqual(Object.keys(j.endpoints[0]), ORDER.endpoint);
  assert.match(j.changeset, /\+08:00$/);
  const x = xml(await get(`${P}/discovery.xml`));
  assert.equal(x.name, 'discovery');
  assert.deepEqual(names(x), ORDER.discovery);
  const ep = child(child(x, 'endpoints'), 'endpoint');
  assert.deepEqual(names(ep), ORDER.endpoint);
  assert.deepEqual(child(ep, 'formats').children.map((c) => [c.name, c.text]), [['format', 'text/xml'], ['format', 'application/json']]);
});

test('services: catalog leaves with stable non-numeric codes; definitions with attributes', async () => {
  const list = await services();
  assert.ok(list.length > 10);
  for (const s of list) {
    assert.deepEqual(Object.keys(s), ORDER.service);
    assert.match(s.service_code, /^MH\d{4,}$/);
  }
  assert.deepEqual(await services(), list, 'codes are stable');
  const x = xml(await get(`${P}/services.xml`));
  assert.equal(x.name, 'services');
  assert.equal(x.children.length, list.length);
  assert.deepEqual(names(x.children[0]), ORDER.service);
  assert.equal(child(x.children[0], 'service_code').text, list[0].service_code);

  const withAttrs = list.find((s) => s.metadata)!;
  const d = json(await get(`${P}/services/${withAttrs.service_code}.json`));
  assert.deepEqual(Object.keys(d), ORDER.definition);
  assert.equal(d.service_code, withAttrs.service_code);
  assert.ok(d.attributes.length > 0);
  for (const a of d.attributes) assert.deepEqual(Object.keys(a).slice(0, 7), ORDER.attribute);
  const dx = xml(await get(`${P}/services/${withAttrs.service_code}.xml`));
  assert.equal(dx.name, 'service_definition');
  assert.deepEqual(names(dx), ORDER.definition);
  const attr = child(dx, 'attributes').children[0];
  assert.equal(attr.name, 'attribute');
  assert.deepEqual(names(attr).slice(0, 7), ORDER.attribute);
  const list0 = d.attributes.find((a: { values?: unknown[] }) => a.values);
  if (list0) assert.deepEqual(Object.keys(list0.values[0]), ORDER.value);
  const plain = list.find((s) => !s.metadata)!;
  assert.deepEqual(json(await get(`${P}/services/${plain.service_code}.json`)).attributes, []);
  assertErrors(await get(`${P}/services/MH99999.json`), 404, 'json');
  assertErrors(await get(`${P}/services/0412.xml`), 404, 'xml');
});

test('POST requests (form body or query string), then GET it back in both formats without personal data', async () => {
  const svc = (await services()).find((s) => !s.metadata)!;
  const res = await form(`${P}/requests.json`, {
    api_key: key, jurisdiction_id: '', service_code: svc.service_code, lat: '26.0745', long: '119.2965', address_string: '鼓楼区东街口',
    description: '人行道井盖松动，踩上去会翻。', email: 'li@example.com', first_name: '娜', last_name: '李', phone: '13800005678', media_url: 'https://img.example.com/1.jpg',
  });
  assert.equal(res.statusCode, 201, res.body);
  const created = json(res);
  assert.deepEqual(Object.keys(created[0]), ORDER.created);
  const id: string = created[0].service_request_id;
  assert.match(id, /^MH-\d{14}$/);
  assert.equal(created[0].account_id, null);

  // The order: channel open311, filed by the key's service user, with the requester for the SMS receipt.
  const { rows } = await w.t.s.db.query<{ channel: string; display: string; phone: string; id: number }>(
    `select o.id, o.channel, u.display_name as display, o.requester_phone as phone from orders o join users u on u.id = o.created_by where o.number = $1`, [id.slice(3)]);
  assert.deepEqual([rows[0].channel, rows[0].display, rows[0].phone], ['open311', 'Open311：市民随手拍 App', '13800005678']);
  const ext = (await w.t.s.db.query<{ key_id: number; email: string }>('select key_id, email from open311_requests where order_id = $1', [rows[0].id])).rows[0];
  assert.deepEqual([ext.key_id, ext.email], [keyId, 'li@example.com']);

  const one = json(await get(`${P}/requests/${id}.json`));
  assert.equal(one.length, 1);
  assert.deepEqual(Object.keys(one[0]), ORDER.request);
  assert.equal(one[0].status, 'open');
  assert.equal(one[0].service_code, svc.service_code);
  assert.equal(one[0].media_url, 'https://img.example.com/1.jpg');
  assert.match(one[0].requested_datetime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assert.equal(one[0].lat, 26.0745);
  const ox = xml(await get(`${P}/requests/${id}.xml`));
  assert.equal(ox.name, 'service_requests');
  assert.deepEqual(names(ox.children[0]), ORDER.request);
  assert.equal(ox.children[0].name, 'request');
  for (const r of [await get(`${P}/requests/${id}.json`), await get(`${P}/requests/${id}.xml`), await get(`${P}/requests.json`), await get(`${P}/requests.xml`)]) {
    assert.ok(!/13800005678|5678|李|娜|example\.com\b(?!\/)|li@/.test(r.body.replace('https://img.example.com/1.jpg', '')), r.body);
  }

  // Token lookup.
  const tok = json(await get(`${P}/tokens/${created[0].token}.json`));
  assert.deepEqual(tok, [{ service_request_id: id, token: created[0].token }]);
  const tx = xml(await get(`${P}/tokens/${created[0].token}.xml`));
  assert.deepEqual(names(tx.children[0]), ORDER.token);
  assertErrors(await get(`${P}/tokens/nope.json`), 404, 'json');

  // Parameters in the query string work too; XML answer to a POST.
  const q = new URLSearchParams({ api_key: key, service_code: svc.service_code, address_string: '东街' }).toString();
  const px = await w.t.app.inject({ method: 'POST', url: `${P}/requests.xml?${q}` });
  assert.equal(px.statusCode, 201, px.body);
  assert.deepEqual(names(xml(px).children[0]), ORDER.created);
});

test('status_notes is the public reply, expected_datetime the deadline, agency_responsible the main unit; status closes', async () => {
  const svc = (await services()).find((s) => !s.metadata)!;
  const id = json(await form(`${P}/requests.json`, { api_key: key, service_code: svc.service_code, address_string: '东街' }))[0].service_request_id as string;
  const orderId = (await w.t.s.db.query<{ id: number; version: number }>('select id, version from orders where number = $1', [id.slice(3)])).rows[0];
  let o = await w.do('dispatcher', orderId, 'dispatch', w.body('dispatch'));
  o = await w.do('handler.350102004', o, 'sign');
  o = await w.do('handler.350102004', o, 'contact', w.body('contact'));
  o = await w.do('handler.350102004', o, 'reply', w.body('reply'));
  let r = json(await get(`${P}/requests/${id}.json`))[0];
  assert.equal(r.status, 'open');
  assert.equal(r.status_notes, '您反映的问题已处理');
  assert.equal(r.agency_responsible, '东街街道');
  assert.match(r.expected_datetime, /\+08:00$/);
  assert.equal(new Date(r.expected_datetime).toISOString(), o.deadlines.resolve.dueAt);
  await w.do('callback', o, 'callback', w.body('callback'));
  r = json(await get(`${P}/requests/${id}.json`))[0];
  assert.equal(r.status, 'closed');
  const closed = json(await get(`${P}/requests.json?status=closed`));
  assert.ok(closed.some((x: { service_request_id: string }) => x.service_request_id === id));
  assert.ok(!json(await get(`${P}/requests.json?status=open`)).some((x: { service_request_id: string }) => x.service_request_id === id));
});

test('GET requests filters: ids, service_code, dates (default 90 days)', async () => {
  const [a, b] = (await services()).filter((s) => !s.metadata);
  const file = async (code: string) => json(await form(`${P}/requests.json`, { api_key: key, service_code: code, address_string: '东街' }))[0].service_request_id as string;
  const ia = await file(a.service_code);
  const ib = await file(b.service_code);
  const both = json(await get(`${P}/requests.json?service_request_id=${ia},${ib}`));
  assert.deepEqual(both.map((x: { service_request_id: string }) => x.service_request_id).sort(), [ia, ib].sort());
  const onlyB = json(await get(`${P}/requests.json?service_code=${b.service_code}`));
  assert.ok(onlyB.every((x: { service_code: string }) => x.service_code === b.service_code));
  assert.ok(onlyB.some((x: { service_request_id: string }) => x.service_request_id === ib));
  // 100 days later, the default window no longer holds them; an explicit range does.
  w.t.clock.advance(100 * 86_400_000);
  assert.ok(!json(await get(`${P}/requests.json`)).some((x: { service_request_id: string }) => x.service_request_id === ia));
  const start = encodeURIComponent(new Date(w.t.clock.now().getTime() - 101 * 86_400_000).toISOString());
  assert.ok(json(await get(`${P}/requests.json?start_date=${start}`)).some((x: { service_request_id: string }) => x.service_request_id === ia));
  w.t.clock.advance(-100 * 86_400_000);
  assertErrors(await get(`${P}/requests.json?start_date=yesterday`), 400, 'json');
  assertErrors(await get(`${P}/requests.xml?status=pending`), 400, 'xml');
  assertErrors(await get(`${P}/requests/MH-0.json`), 404, 'json');
  assertErrors(await get(`${P}/requests/12345.xml`), 404, 'xml');
});

test('POST errors: key, service code, location, description, attributes — spec errors, never 5xx', async () => {
  const list = await services();
  const plain = list.find((s) => !s.metadata)!.service_code;
  const def = json(await get(`${P}/services/${list.find((s) => s.metadata)!.service_code}.json`));
  const req = def.attributes.find((a: { required: boolean }) => a.required);
  for (const f of ['json', 'xml'] as const) {
    const u = `${P}/requests.${f}`;
    assertErrors(await form(u, { service_code: plain, address_string: 'x' }), 403, f, 'no key');
    assertErrors(await form(u, { api_key: 'mh311_wrong', service_code: plain, address_string: 'x' }), 403, f, 'bad key');
    assertErrors(await form(u, { api_key: key, address_string: 'x' }), 400, f, 'no code');
    assertErrors(await form(u, { api_key: key, service_code: 'MH999999', address_string: 'x' }), 404, f, 'unknown code');
    assertErrors(await form(u, { api_key: key, service_code: plain }), 400, f, 'no location');
    assertErrors(await form(u, { api_key: key, service_code: plain, lat: '26.1' }), 400, f, 'lat alone');
    assertErrors(await form(u, { api_key: key, service_code: plain, lat: '91', long: '119' }), 400, f, 'lat range');
    assertErrors(await form(u, { api_key: key, service_code: plain, address_string: 'x', description: '长'.repeat(4001) }), 400, f, 'long description');
    assertErrors(await form(u, { api_key: key, service_code: plain, address_string: 'x', 'attribute[nope]': '1' }), 400, f, 'unknown attribute');
    assertErrors(await form(u, { api_key: key, service_code: plain, address_string: 'x', email: 'not-mail' }), 400, f, 'email');
    assertErrors(await form(u, { api_key: key, service_code: plain, address_string: 'a\u0000b' }), 400, f, 'NUL');
    if (req) {
      assertErrors(await form(u, { api_key: key, service_code: def.service_code, address_string: 'x' }), 400, f, 'required attribute');
      assertErrors(await form(u, { api_key: key, service_code: def.service_code, address_string: 'x', [`attribute[${req.code}]`]: 'maybe' }), 400, f, 'bad value');
    }
    assertErrors(await get(`${P}/nothing.${f}`), 404, f);
    assertErrors(await w.t.app.inject({ method: 'POST', url: u, payload: '%%%', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 403, f, 'garbage body');
  }
  assert.equal(expectOkDescription(await form(`${P}/requests.json`, { api_key: key, service_code: plain, address_string: 'x', description: '长'.repeat(4000) })), 201);
  if (req) {
    const ok = await form(`${P}/requests.json`, { api_key: key, service_code: def.service_code, address_string: 'x', [`attribute[${req.code}]`]: req.values[0].key, 'attribute[occurred_at]': '2026-03-02T08:00:00+08:00' });
    assert.equal(ok.statusCode, 201, ok.body);
  }
  assert.equal((await form(`${P}/requests.json`, { api_key: key, jurisdiction_id: 'fuzhou', service_code: plain, address_id: 'A-1' })).statusCode, 201);
});
const expectOkDescription = (r: { statusCode: number; body: string }) => (r.statusCode === 201 ? 201 : assert.fail(r.body));

test('API keys: shown once, stored hashed, listed without the key, revoked at once; per-key rate limit', async () => {
  const admin = await w.as('admin');
  const k = expectOk(await admin('POST', '/api/v1/open311/keys', { name: '测试客户端' }), 201);
  assert.match(k.key, /^mh311_/);
  const listed = expectOk(await admin('GET', '/api/v1/open311/keys')).items;
  assert.ok(!JSON.stringify(listed).includes(k.key));
  const stored = (await w.t.s.db.query<{ key_hash: string }>('select key_hash from open311_keys where id = $1', [k.id])).rows[0];
  assert.notEqual(stored.key_hash, k.key);
  const plain = (await services()).find((s) => !s.metadata)!.service_code;
  assert.equal((await form(`${P}/requests.json`, { api_key: k.key, service_code: plain, address_string: 'x' })).statusCode, 201);
  assert.equal((await admin('DELETE', `/api/v1/open311/keys/${k.id}`)).statusCode, 204);
  assertErrors(await form(`${P}/requests.json`, { api_key: k.key, service_code: plain, address_string: 'x' }), 403, 'json');
  expectProblem(await admin('DELETE', '/api/v1/open311/keys/999999'), 404, 'api_key_not_found');
  expectProblem(await (await w.as('operator'))('POST', '/api/v1/open311/keys', { name: 'x' }), 403, 'forbidden');

  // The limit is counted in the database per key and minute.
  const limited = expectOk(await admin('POST', '/api/v1/open311/keys', { name: '限流' }), 201);
  w.t.s.config.open311RateLimit = 3;
  try {
    w.t.clock.set(new Date(Math.ceil(w.t.clock.now().getTime() / 60_000) * 60_000 + 1000));
    for (let i = 0; i < 3; i++) assert.equal((await get(`${P}/services.json?api_key=${limited.key}`)).statusCode, 200);
    assertErrors(await get(`${P}/services.json?api_key=${limited.key}`), 429, 'json');
    assertErrors(await get(`${P}/services.xml?api_key=${limited.key}`), 429, 'xml');
    w.t.clock.advance(60_000);
    assert.equal((await get(`${P}/services.json?api_key=${limited.key}`)).statusCode, 200);
  } finally {
    w.t.s.config.open311RateLimit = 1000;
  }
});
