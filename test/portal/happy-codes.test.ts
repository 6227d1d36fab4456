// 幸福码: every community and grid has a code on start; its URL (in the QR code on the A4 sheet) pre-locates the
// portal; an order filed with it is channel qr with the jurisdiction of the code, whatever the text says;
// a rotated code stops working.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import QRCode from 'qrcode';
import { createTestApp, type Client, type TestApp } from '../helpers/app';
import { assertProblem } from '../proof/_support';
import { cellName, qrPath } from '../../src/modules/portal/sheet';
import { codeFor, kindKey, resident } from './_support';

let t: TestApp;
let admin: Client;
let units: { id: number; code: string; name: string; type: string; parentId: number | null }[];
const streetOf = (code: string) => units.find((u) => u.code === code)!;

before(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
  units = JSON.parse((await admin('GET', '/api/v1/units')).body).items;
});
after(() => t?.close());

test('on start every community and grid has exactly one active code', async () => {
  const { rows } = await t.s.db.query<{ n: number; coded: number; dup: number }>(
    `select count(*)::int as n, count(h.code)::int as coded, (select count(*)::int from (select unit_id from happy_codes where revoked_at is null group by unit_id having count(*) > 1) d) as dup
     from units u left join happy_codes h on h.unit_id = u.id and h.revoked_at is null where u.type in ('community','grid')`,
  );
  assert.ok(rows[0].n > 100);
  assert.equal(rows[0].coded, rows[0].n);
  assert.equal(rows[0].dup, 0);
  // Running it again (another instance starting) adds nothing.
  assert.equal(await t.s.portal.codes.ensure(t.clock.now()), 0);
});

test('the A4 sheet of a street: every code of its communities and grids, each QR encoding the code URL, which pre-locates the portal', async () => {
  const street = streetOf('350102004');
  const list = JSON.parse((await admin('GET', `/api/v1/happy-codes?streetId=${street.id}`)).body);
  const mine = units.filter((u) => u.type === 'community' && u.parentId === street.id);
  const grids = units.filter((u) => u.type === 'grid' && mine.some((c) => c.id === u.parentId));
  assert.equal(list.items.length, mine.length + grids.length);
  const sheets: string[] = [];
  for (let page = 1; page <= list.pages; page++) {
    const res = await admin('GET', `/api/v1/happy-codes/sheet.svg?streetId=${street.id}&page=${page}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^image\/svg\+xml/);
    assert.match(res.body, /width="210mm" height="297mm"/);
    assert.match(String(res.headers['content-security-policy']), /^default-src 'none'/);
    sheets.push(res.body);
  }
  const svg = sheets.join('\n');
  for (const c of list.items) {
    assert.ok(svg.includes(`data-code="${c.code}"`), `${c.unitName} is on the sheet`);
    assert.ok(svg.includes(`>${cellName(c)}<`) && cellName(c).includes(c.unitName), `${c.unitName}'s name is printed`);
    assert.equal(c.url, `${t.s.config.publicUrl}/q/${c.code}`);
  }
  // The drawn modules are the qrcode package's symbol for the URL (what a scanner reads back).
  const cell = /<g class="cell" data-code="([^"]+)" data-url="([^"]+)">[\s\S]*?<path d="([^"]+)"/.exec(svg)!;
  assert.equal(cell[3], qrPath(cell[2]).d);
  const m = QRCode.create(cell[2], { errorCorrectionLevel: 'M' }).modules;
  assert.equal((cell[3].match(/M/g) ?? []).length, Array.from(m.data).filter(Boolean).length);

  // Scanning opens /q/<code> → the portal, pre-located.
  const scan = await t.app.inject({ url: new URL(cell[2]).pathname });
  assert.equal(scan.statusCode, 302);
  assert.equal(scan.headers.location, `/portal/?c=${cell[1]}#/report`);
  const place = JSON.parse((await t.app.inject({ url: `/api/v1/portal/places/${cell[1]}` })).body);
  const unit = units.find((u) => u.id === place.unitId)!;
  assert.equal(place.unitName, unit.name);
  assert.match(place.fullName, /^东街街道 · /);
  assert.ok(place.center.lat > 26 && place.center.lng > 119);
});

test('an order filed with a code: channel qr, the jurisdiction of the code (not of the text); a rotated code is refused', async () => {
  const list = JSON.parse((await admin('GET', `/api/v1/happy-codes?streetId=${streetOf('350102004').id}`)).body).items as { code: string; unitId: number; unitType: string }[];
  const grid = list.find((c) => c.unitType === 'grid')!;
  const r = resident(t);
  const phone = '13900002222';
  // The text names another street (鼓东街道's 五四路): the code decides.
  const body = async () => ({ kind: await kindKey(t, 'sanitation'), description: '五四路这边垃圾堆了三天', phone, code: await codeFor(t, r, phone), happyCode: grid.code, address: '五四路 10 号' });
  const res = await r('POST', '/api/v1/portal/orders', await body());
  assert.equal(res.statusCode, 201, res.body);
  const { number, channel } = JSON.parse(res.body);
  assert.equal(channel, 'qr');
  const { rows: [o] } = await t.s.db.query<{ channel: string; jurisdictionUnitId: number; happyCode: string }>(
    `select o.channel, o.jurisdiction_unit_id as "jurisdictionUnitId", p.happy_code as "happyCode" from orders o join portal_orders p on p.order_id = o.id where o.number = $1`, [number]);
  assert.deepEqual(o, { channel: 'qr', jurisdictionUnitId: grid.unitId, happyCode: grid.code });

  const rotated = await admin('POST', `/api/v1/happy-codes/${grid.unitId}/rotate`, { reason: '二维码被人覆盖张贴了广告' });
  assert.equal(rotated.statusCode, 200, rotated.body);
  const fresh = JSON.parse(rotated.body);
  assert.notEqual(fresh.code, grid.code);
  const old = await t.app.inject({ url: `/api/v1/portal/places/${grid.code}` });
  assert.equal(assertProblem(old, 'old code').code, 'happy_code_not_found');
  assert.match(JSON.parse(old.body).detail, /已停用/);
  assert.equal((await r('POST', '/api/v1/portal/orders', await body())).statusCode, 404);
  assert.equal((await t.app.inject({ url: `/api/v1/portal/places/${fresh.code}` })).statusCode, 200);
  const { rows: audit } = await t.s.db.query<{ detail: { old: string; new: string } }>(`select detail from audit_log where action = 'happy_code_rotated'`);
  assert.deepEqual([audit[0].detail.old, audit[0].detail.new], [grid.code, fresh.code]);
  // One active code per unit still.
  assert.equal((await t.s.db.query('select 1 from happy_codes where unit_id = $1 and revoked_at is null', [grid.unitId])).rows.length, 1);
});

test('SMS links and short links land in the portal page', async () => {
  assert.equal((await t.app.inject({ url: '/track?number=20260302000001' })).headers.location, '/portal/#/track?number=20260302000001');
  assert.equal((await t.app.inject({ url: '/evaluate?number=20260302000001' })).headers.location, '/portal/#/evaluate?number=20260302000001');
  assert.equal((await t.app.inject({ url: '/evaluate?number=<script>' })).headers.location, '/portal/#/evaluate');
  assert.equal((await t.app.inject({ url: '/q/%3Cx%3E' })).headers.location, '/portal/#/report');
});
