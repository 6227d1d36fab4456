// Catalog import (DOMAIN §3): POST /api/v1/catalog/import with text/csv, all or nothing, on a database
// seeded WITHOUT the demo data. The real public taxonomy is read from ../shared/data (never copied here).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CONSOLE, createTestApp, DEMO_PASSWORD, type Client, type TestApp } from '../helpers/app';
import { hashPassword } from '../../src/modules/users/password';
import { expectOk, expectProblem } from './_support';

const TAXONOMY = path.resolve('..', 'shared', 'data', 'taxonomy-3level.csv');
const HAVE_TAXONOMY = fs.existsSync(TAXONOMY);
const NO_TAXONOMY = `the public taxonomy ${TAXONOMY} is absent (a fresh clone without ../shared/data); this test needs it`;

let t: TestApp;
let admin: Client;
let operator: Client;
const csv = { 'content-type': 'text/csv; charset=utf-8' };

before(async () => {
  t = await createTestApp({ seed: false });
  const centre = await t.s.org.upsert({ code: 'C12345', name: '12345市民服务热线中心', aliases: [], type: 'center', parentId: null, geojson: null, contact: {} });
  await t.s.org.upsert({ code: 'D-TEST', name: '测试局', aliases: [], type: 'department', parentId: centre.id, geojson: null, contact: {} });
  await t.s.org.upsert({ code: 'S-TEST', name: '测试街道', aliases: [], type: 'street', parentId: centre.id, geojson: null, contact: {} });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await t.s.users.insert({ username: 'admin', displayName: '管理员', passwordHash, role: 'admin', unitId: centre.id, isDemo: false });
  await t.s.users.insert({ username: 'operator', displayName: '话务员', passwordHash, role: 'operator', unitId: centre.id, isDemo: false });
  admin = await t.as('admin');
  operator = await t.as('operator');
});
after(async () => {
  await t?.close();
});

const importCsv = (c: Client, body: string) => c('POST', '/api/v1/catalog/import', body, csv);
async function catalog() {
  const r = expectOk(await admin('GET', '/api/v1/catalog'));
  const items = r.items as { id: number; parentId: number | null; level: number; name: string; tier: number | null; handlerKind: string | null; handlerUnitId: number | null; keywords: string[] }[];
  const byId = new Map(items.map((i) => [i.id, i]));
  const pathOf = (i: (typeof items)[number]): string => (i.parentId ? `${pathOf(byId.get(i.parentId)!)}/${i.name}` : i.name);
  return { version: r.version as number, items, leaves: items.filter((i) => i.level === 3), paths: new Set(items.filter((i) => i.level === 3).map(pathOf)) };
}

test('the database starts without a catalog', async () => {
  const c = await catalog();
  assert.equal(c.items.length, 0);
  assert.equal(c.version, 0);
});

const BAD = [
  'level1,level2,level3,tier,handler,keywords',
  '城乡建设,安全生产,新叶子A,3,jurisdiction,施工;安全', // 2 ok
  '城乡建设,,新叶子B,3,,', // 3 empty level2
  '城乡建设,安全生产,新叶子C,9,,', // 4 bad tier
  '城乡建设,安全生产,新叶子D,3,NO-SUCH-UNIT,', // 5 unknown handler
  '城乡建设,安全生产,新叶子E', // 6 wrong column count
  '城乡建设,安全生产,新叶子A,2,jurisdiction,', // 7 duplicate of line 2
  '城乡建设,安全生产,新叶子G,3,S-TEST,', // 8 a street cannot be a named handler
  '环境保护,噪声,新叶子F,2,D-TEST,噪音', // 9 ok
].join('\n');
const EXPECTED_ERRORS: [number, RegExp][] = [
  [3, /level2 is empty/],
  [4, /tier must be 1, 2, 3 or 4, found "9"/],
  [5, /handler "NO-SUCH-UNIT"/],
  [6, /expected 6 columns, found 3/],
  [7, /duplicate of line 2/],
  [8, /handler "S-TEST" is a street/],
];

async function expectRejected(body: string, lines: [number, RegExp][]) {
  const before = await catalog();
  const p = expectProblem(await importCsv(admin, body), 422, 'catalog_import_failed');
  assert.deepEqual(p.errors.map((e: { line: number }) => e.line), lines.map(([l]) => l), JSON.stringify(p.errors));
  for (const [i, [, re]] of lines.entries()) assert.match(p.errors[i].message, re);
  const after = await catalog();
  assert.equal(after.version, before.version, 'no new catalog version');
  assert.deepEqual(after.items, before.items, 'nothing imported, nothing changed');
}

test('a file with bad lines → 422 catalog_import_failed naming each bad line, and nothing is imported', async () => {
  await expectRejected(BAD, EXPECTED_ERRORS);
});

test('a bad header, an empty file and a header-only file → 422, nothing imported', async () => {
  await expectRejected('level1,level2,foo\n城乡建设,安全生产,新叶子', [[1, /bad header: missing column\(s\) level3; unknown column\(s\) foo/]]);
  await expectRejected('一级,二级,三级\n城乡建设,安全生产,新叶子', [[1, /bad header/]]);
  await expectRejected('', [[1, /empty/]]);
  await expectRejected('level1,level2,level3\n', [[2, /no categories/]]);
});

test('only admins may import: 403 for an operator, 401 without a session', async () => {
  const ok = 'level1,level2,level3\n城乡建设,安全生产,新叶子';
  expectProblem(await importCsv(operator, ok), 403, 'forbidden');
  expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/catalog/import', payload: ok, headers: { ...CONSOLE, ...csv } }), 401, 'not_authenticated');
  assert.equal((await catalog()).items.length, 0);
});

test('importing the public 3-level taxonomy gives exactly 517 leaves; re-importing is idempotent', { skip: !HAVE_TAXONOMY && NO_TAXONOMY }, async () => {
  const text = fs.readFileSync(TAXONOMY, 'utf8');
  const rows = text.split(/\r?\n/).slice(1).filter((l) => l.trim()).map((l) => l.split(',').map((x) => x.trim()));
  const expected = new Set(rows.map((r) => r.join('/')));
  const level1 = new Set(rows.map((r) => r[0]));
  const level2 = new Set(rows.map((r) => `${r[0]}/${r[1]}`));
  assert.equal(expected.size, 517, 'the shared file (its README: 517 rows, 15 first-level, 118 second-level)');
  assert.equal(level1.size, 15);
  assert.equal(level2.size, 118);

  const first = expectOk(await importCsv(admin, text));
  assert.equal(first.leaves, 517);
  assert.equal(first.created, 15 + 118 + 517);
  assert.equal(first.updated, 0);
  const c1 = await catalog();
  assert.equal(c1.version, first.version);
  assert.equal(c1.leaves.length, 517);
  assert.equal(c1.items.filter((i) => i.level === 1).length, 15);
  assert.equal(c1.items.filter((i) => i.level === 2).length, 118);
  assert.deepEqual(c1.paths, expected);

  const second = expectOk(await importCsv(admin, text));
  assert.ok(second.version > first.version, 'a re-import is a new catalog version');
  assert.deepEqual({ leaves: second.leaves, created: second.created, updated: second.updated }, { leaves: 517, created: 0, updated: 517 });
  const c2 = await catalog();
  assert.deepEqual(c2.items, c1.items, 'same categories, same ids');

  // A bad file now changes nothing in the imported catalog either.
  await expectRejected(BAD, EXPECTED_ERRORS);
  assert.equal((await catalog()).leaves.length, 517);
});

test('a good import sets tier, handler and keywords, and a later import updates them in place', async () => {
  const body = ['level1,level2,level3,tier,handler,keywords', '城乡建设,安全生产,燃气泄漏,1,D-TEST,燃气;漏气', '城乡建设,安全生产,楼道堆物,3,jurisdiction,'].join('\r\n');
  const before = await catalog();
  const r = expectOk(await importCsv(admin, body));
  assert.equal(r.leaves, before.leaves.length + (before.paths.has('城乡建设/安全生产/燃气泄漏') ? 0 : 1) + (before.paths.has('城乡建设/安全生产/楼道堆物') ? 0 : 1));
  const leaf = (await catalog()).leaves.find((l) => l.name === '燃气泄漏')!;
  const dept = (await t.s.org.byCode('D-TEST'))!;
  assert.deepEqual({ tier: leaf.tier, handlerKind: leaf.handlerKind, handlerUnitId: leaf.handlerUnitId, keywords: leaf.keywords }, { tier: 1, handlerKind: 'department', handlerUnitId: dept.id, keywords: ['燃气', '漏气'] });
  const street = (await catalog()).leaves.find((l) => l.name === '楼道堆物')!;
  assert.equal(street.handlerKind, 'jurisdiction');
  expectOk(await importCsv(admin, 'level1,level2,level3,tier\n城乡建设,安全生产,燃气泄漏,2'));
  const updated = (await catalog()).leaves.find((l) => l.name === '燃气泄漏')!;
  assert.deepEqual({ id: updated.id, tier: updated.tier, handlerUnitId: updated.handlerUnitId }, { id: leaf.id, tier: 2, handlerUnitId: dept.id });
});
