// Knowledge-base administration: the demo articles, the admin list's filters, and importing a CSV or an
// .xlsx file (all or nothing; a bad file or bad lines answer a clear 422 naming the lines).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { expectOk, expectProblem, World } from '../core/_support';
import { DEMO_ARTICLE_COUNT } from '../../src/modules/kb/demo-articles';

let w: World;
before(async () => {
  w = await World.open();
});
after(async () => {
  await w?.close();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const count = async () => (await w.t.s.db.query<{ n: number }>('select count(*)::int as n from kb_articles')).rows[0].n;

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('知识').addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('the demo ships a few dozen articles that answer common consultations', async () => {
  assert.ok(DEMO_ARTICLE_COUNT >= 30);
  assert.equal(await count(), DEMO_ARTICLE_COUNT);
  const op = await w.as('operator');
  for (const [q, expected] of [['社保卡丢了怎么补办', '社保卡'], ['居住证怎么办', '居住证'], ['公积金提取', '公积金'], ['什么时候停水', '停水'], ['供暖时间', '供暖'], ['垃圾分类', '垃圾']]) {
    const r = expectOk(await op('GET', `/api/v1/kb/search?q=${encodeURIComponent(q)}`));
    assert.ok(r.items.length > 0, q);
    assert.match(r.items[0].question, new RegExp(expected), `${q} → ${r.items[0].question}`);
  }
});

test('the admin list searches question and answer, and filters by category and by retired', async () => {
  const admin = await w.as('admin');
  const hits = expectOk(await admin('GET', `/api/v1/kb/articles?q=${encodeURIComponent('公积金')}`));
  assert.ok(hits.total >= 3 && hits.items.every((a: { question: string; answer: string }) => /公积金/.test(a.question + a.answer)));
  const cat = hits.items[0].categoryId as number;
  const byCat = expectOk(await admin('GET', `/api/v1/kb/articles?categoryId=${cat}&pageSize=200`));
  assert.ok(byCat.items.every((a: { categoryId: number }) => a.categoryId === cat));
  const id = hits.items[0].id;
  assert.equal((await admin('DELETE', `/api/v1/kb/articles/${id}`)).statusCode, 204);
  const retired = expectOk(await admin('GET', '/api/v1/kb/articles?active=false'));
  assert.deepEqual(retired.items.map((a: { id: number }) => a.id), [id]);
  const active = expectOk(await admin('GET', '/api/v1/kb/articles?active=true&pageSize=200'));
  assert.equal(active.total, DEMO_ARTICLE_COUNT - 1);
  expectOk(await admin('PATCH', `/api/v1/kb/articles/${id}`, { active: true, validTo: '2026-12-31', source: '测试来源' }));
  const back = expectOk(await admin('GET', `/api/v1/kb/articles/${id}`));
  assert.equal(back.active, true);
  assert.equal(back.validTo, '2026-12-31');
});

test('CSV import: Chinese headers, category by leaf name, keywords, validity; all or nothing', async () => {
  const admin = await w.as('admin');
  const before = await count();
  const csv = '\ufeff问题,答案,分类,关键词,来源,生效日期,失效日期\r\n"导入测试：电动车充电桩怎么申请？","联系物业申请，报街道备案。",安全隐患,充电桩；电动车,街道通知,2026-01-01,2026/12/31\r\n导入测试：门牌号怎么申请？,到派出所申请。,,门牌,,,\r\n';
  const ok = expectOk(await admin('POST', '/api/v1/kb/import-file', csv, { 'content-type': 'text/csv' }));
  assert.equal(ok.imported, 2);
  assert.equal(await count(), before + 2);
  const found = expectOk(await admin('GET', `/api/v1/kb/articles?q=${encodeURIComponent('充电桩')}`)).items[0];
  assert.deepEqual([found.keywords, found.source, found.validFrom, found.validTo], [['充电桩', '电动车'], '街道通知', '2026-01-01', '2026-12-31']);
  assert.ok(found.categoryId);

  const bad = 'question,answer,category,validFrom\n好问题,好答案,,\n,没有问题,,\n坏分类,答案,不存在的分类,\n坏日期,答案,,明天\n';
  const p = expectProblem(await admin('POST', '/api/v1/kb/import-file', bad, { 'content-type': 'text/csv' }), 422, 'kb_import_failed');
  assert.deepEqual(p.errors.map((e: { line: number }) => e.line), [3, 4, 5]);
  assert.match(p.errors[1].message, /不存在的分类/);
  assert.equal(await count(), before + 2, 'nothing of the bad file was imported');
  const noHeader = expectProblem(await admin('POST', '/api/v1/kb/import-file', 'a,b\n1,2\n', { 'content-type': 'text/csv' }), 422, 'kb_import_failed');
  assert.match(noHeader.errors[0].message, /question/);
});

test('XLSX import: the first sheet with a header row; a file that is not a workbook is refused clearly', async () => {
  const admin = await w.as('admin');
  const before = await count();
  const buf = await workbook([['question', 'answer', 'category', 'keywords', 'validFrom'], ['导入测试：犬只怎么登记？', '到辖区派出所办理犬只登记。', '治安隐患', '养犬 登记', new Date(Date.UTC(2026, 0, 5))]]);
  const ok = expectOk(await admin('POST', '/api/v1/kb/import-file', buf, { 'content-type': XLSX }));
  assert.equal(ok.imported, 1);
  const a = expectOk(await admin('GET', `/api/v1/kb/articles?q=${encodeURIComponent('犬只')}`)).items[0];
  assert.deepEqual([a.keywords, a.validFrom], [['养犬', '登记'], '2026-01-05']);

  const badRows = await workbook([['问题', '答案'], ['只有问题', '']]);
  const p = expectProblem(await admin('POST', '/api/v1/kb/import-file', badRows, { 'content-type': XLSX }), 422, 'kb_import_failed');
  assert.deepEqual(p.errors, [{ line: 2, message: 'the answer is empty' }]);
  const notXlsx = expectProblem(await admin('POST', '/api/v1/kb/import-file', Buffer.from('question,answer\nq,a\n'), { 'content-type': XLSX }), 422, 'kb_import_failed');
  assert.match(notXlsx.errors[0].message, /not an Excel workbook/);
  const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]);
  const br = expectProblem(await admin('POST', '/api/v1/kb/import-file', broken, { 'content-type': XLSX }), 422, 'kb_import_failed');
  assert.match(br.errors[0].message, /cannot be read/);
  assert.equal(await count(), before + 1);
});

test('only admins import, and other content types are refused', async () => {
  const op = await w.as('operator');
  const before = await count();
  expectProblem(await op('POST', '/api/v1/kb/import-file', 'question,answer\nq,a\n', { 'content-type': 'text/csv' }), 403, 'forbidden');
  const admin = await w.as('admin');
  expectProblem(await admin('POST', '/api/v1/kb/import-file', { items: [] }), 422, 'kb_import_failed');
  assert.equal((await admin('POST', '/api/v1/kb/import-file', 'x', { 'content-type': 'image/png' })).statusCode, 415);
  assert.equal(await count(), before);
});
