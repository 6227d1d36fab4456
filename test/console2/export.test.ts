// Order export (GET /api/v1/orders/export): the list's filters, scope and masking in an Excel workbook or CSV;
// a phone search through the export is audited like the list's; beyond the cap the export is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { expectOk, expectProblem, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from '../core/_support';
import { exportRows } from '../../src/modules/orders/orders.export';
import { parseCsv } from '../../src/shared/csv';

let w: World;
let mine: Order;
let other: Order;
const H = USER_OF_ROLE.handler;

before(async () => {
  w = await World.open();
  w.t.clock.set('2026-03-10T10:00:00+08:00');
  mine = await w.create({ title: '导出测试：东街路灯不亮', requester: { name: '王女士', phone: '13900001111' } });
  mine = await w.do('dispatcher', mine, 'dispatch', w.body('dispatch'));
  other = await w.create({ title: '导出测试：别的街道井盖缺失', requester: { name: '李先生', phone: '13900002222' } });
  other = await w.do('dispatcher', other, 'dispatch', w.body('dispatch', { mainUnitId: w.units.id(OTHER_STREET) }));
});
after(async () => {
  await w?.close();
});

const csvOf = (body: string) => parseCsv(body).map((r) => r.cells);
async function xlsxOf(raw: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as unknown as ArrayBuffer);
  const rows: string[][] = [];
  const sheet = wb.worksheets[0];
  const width = sheet.getRow(1).cellCount;
  sheet.eachRow((r) => rows.push(Array.from({ length: width }, (_, i) => String(r.getCell(i + 1).value ?? ''))));
  return rows;
}

test('a unit exports only its own orders, with the phone masked as its list shows it; the centre sees the full phone', async () => {
  const h = await w.as(H);
  const res = await h('GET', '/api/v1/orders/export?format=csv&q=导出测试');
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /text\/csv/);
  assert.match(String(res.headers['content-disposition']), /attachment; filename="orders-20260310\.csv"/);
  const rows = csvOf(res.body);
  assert.equal(rows[0][0], '工单编号');
  const numbers = rows.slice(1).map((r) => r[0]);
  assert.deepEqual(numbers, [mine.number], 'the other street\'s order is outside the unit\'s scope');
  const phoneCol = rows[0].indexOf('电话');
  const list = expectOk(await h('GET', '/api/v1/orders?q=导出测试'));
  assert.equal(rows[1][phoneCol], list.items[0].requester.phone, 'masked exactly like the list');
  assert.notEqual(rows[1][phoneCol], '13900001111');
  assert.equal(rows[1][rows[0].indexOf('承办单位')], mine.mainUnitName);

  const op = await w.as('operator');
  const all = csvOf((await op('GET', '/api/v1/orders/export?format=csv&q=导出测试')).body);
  assert.deepEqual(all.slice(1).map((r) => r[0]).sort(), [mine.number, other.number].sort());
  assert.ok(all.some((r) => r[phoneCol] === '13900001111'));
});

test('xlsx carries the same rows as csv, and the filters (status, channel) narrow both', async () => {
  const op = await w.as('operator');
  const x = await op('GET', '/api/v1/orders/export?format=xlsx&q=导出测试&status=dispatched');
  assert.equal(x.statusCode, 200);
  assert.match(String(x.headers['content-type']), /spreadsheetml/);
  const sheet = await xlsxOf(x.rawPayload);
  const csv = csvOf((await op('GET', '/api/v1/orders/export?format=csv&q=导出测试&status=dispatched')).body);
  assert.deepEqual(sheet, csv);
  assert.equal(sheet.length, 3);
  const none = csvOf((await op('GET', '/api/v1/orders/export?format=csv&q=导出测试&status=closed')).body);
  assert.equal(none.length, 1, 'only the header');
  const web = csvOf((await op('GET', '/api/v1/orders/export?format=csv&q=导出测试&channel=web')).body);
  assert.equal(web.length, 1);
});

test('a phone search through the export is the centre\'s only and is audited (masked)', async () => {
  const h = await w.as(H);
  expectProblem(await h('GET', '/api/v1/orders/export?format=csv&phone=13900001111'), 403, 'forbidden');
  const op = await w.as('operator');
  const rows = csvOf((await op('GET', '/api/v1/orders/export?format=csv&phone=13900001111')).body);
  assert.deepEqual(rows.slice(1).map((r) => r[0]), [mine.number]);
  const { rows: audit } = await w.t.s.db.query<{ detail: Record<string, unknown> }>(`select detail from audit_log where action = 'search_phone' order by id desc limit 1`);
  assert.equal(audit[0].detail.export, true);
  assert.equal(audit[0].detail.matched, 1);
  assert.notEqual(audit[0].detail.phone, '13900001111');
});

test('bad input answers 400 problem+json; anonymous 401', async () => {
  const op = await w.as('operator');
  expectProblem(await op('GET', '/api/v1/orders/export'), 400, 'validation_failed');
  expectProblem(await op('GET', '/api/v1/orders/export?format=pdf'), 400, 'validation_failed');
  expectProblem(await op('GET', '/api/v1/orders/export?format=csv&from=yesterday'), 400, 'invalid_date');
  expectProblem(await op('GET', '/api/v1/orders/export?format=csv&type=nonsense'), 400, 'validation_failed');
  expectProblem(await w.t.app.inject({ method: 'GET', url: '/api/v1/orders/export?format=csv' }), 401, 'not_authenticated');
});

test('more orders than the cap: refused with export_too_large, nothing cut silently', async () => {
  const admin = (await w.t.s.users.byUsername('admin'))!;
  const now = w.t.clock.now();
  const rows = await exportRows(w.t.s.db, admin, { q: '导出测试' }, now, 'Asia/Shanghai', 2);
  assert.equal(rows.length, 2);
  await assert.rejects(exportRows(w.t.s.db, admin, { q: '导出测试' }, now, 'Asia/Shanghai', 1), (e: { code?: string; extra?: { cap?: number } }) => e.code === 'export_too_large');
});
