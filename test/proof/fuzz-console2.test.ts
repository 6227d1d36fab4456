// Fuzzing the console's second-pass routes: export query strings, knowledge-base files (CSV text and bytes
// sent as .xlsx) and 批示 texts. Never a 5xx; every error is problem+json; a refused request changes nothing;
// each property also reaches its success path (the shapes that can succeed are weighted).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { assertProblem, fingerprinter, HOSTILE_STRINGS } from './_support';
import { expectOk, USER_OF_ROLE, World, type Order } from '../core/_support';

const RUNS = Number(process.env.MINHU_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.MINHU_FUZZ_SEED ?? Date.now() % 2 ** 31);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let w: World;
let o: Order;
let fingerprint: () => Promise<string>;
before(async () => {
  w = await World.open();
  o = await w.reach('accepted', { sub: false });
  fingerprint = await fingerprinter(w.t.s.db);
});
after(() => w?.close());

const text = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 40 }), fc.constant(''), fc.constant('x'.repeat(3000)));
const ok: Record<string, number> = {};

async function send(what: string, user: string, method: string, url: string, body?: unknown, headers?: Record<string, string>, readOnly = false) {
  const c = await w.as(user);
  const before = await fingerprint();
  const res = await c(method, url, body, headers);
  assert.ok(res.statusCode < 500, `${what} ${url.slice(0, 200)} ${(typeof body === "string" ? body : Buffer.isBuffer(body) ? "<bytes>" : JSON.stringify(body) ?? "").slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
  if (res.statusCode >= 400) {
    assertProblem(res, what);
    // a phone search is audited even when refused later (export_too_large); other refusals leave nothing
    if (!readOnly) assert.equal(await fingerprint(), before, `a refused ${what} changed the database: ${res.body.slice(0, 200)}`);
  } else ok[what] = (ok[what] ?? 0) + 1;
  return res;
}

test('export, KB import and 批示 survive hostile input', async (tc) => {
  tc.diagnostic(`seed ${SEED} (replay: MINHU_FUZZ_SEED=${SEED}), ${RUNS} runs each`);
  const opts = { seed: SEED, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true };
  const param = fc.oneof(text, fc.constantFrom('2026-03-01', '2026-02-30', 'accepted,dispatched', 'red', 'phone', 'complaint', '0', '-1', 'true', '99999999999'));
  await fc.assert(fc.asyncProperty(
    fc.oneof(
    // a format and a free-text search: the shape that can succeed, weighted so that every seed reaches it
    { arbitrary: fc.record({ format: fc.constantFrom('csv', 'xlsx'), q: fc.option(fc.oneof(text, fc.constantFrom('测试', '路面')), { nil: undefined }) }, { requiredKeys: ['format'] }) as fc.Arbitrary<Record<string, string | undefined>>, weight: 3 },
    fc.record({
      format: fc.oneof({ arbitrary: fc.constantFrom('csv', 'xlsx'), weight: 4 }, text),
      status: fc.option(param, { nil: undefined }), q: fc.option(param, { nil: undefined }), from: fc.option(param, { nil: undefined }), to: fc.option(param, { nil: undefined }),
      warning: fc.option(param, { nil: undefined }), unitId: fc.option(param, { nil: undefined }), type: fc.option(param, { nil: undefined }), supervised: fc.option(param, { nil: undefined }),
    }, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string | undefined>>),
    fc.constantFrom('operator', USER_OF_ROLE.handler),
    async (q, user) => {
      const qs = Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent((v as string).replace(/[\ud800-\udfff]/g, "\ufffd"))}`).join('&');
      await send('export', user, 'GET', `/api/v1/orders/export?${qs}`, undefined, undefined, true);
    },
    // each property tries a well-formed case first, so the success path is reached whatever the seed and the runs
  ), { ...opts, examples: [[{ format: 'csv' }, 'operator']] });

  const cell = fc.oneof(text, fc.constantFrom('2026-01-01', '2026/13/01', '安全隐患', '不存在的分类', '"', '\r\n', ',', '=1+1'));
  const goodRow = fc.tuple(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '' && !/[",\r\n]/.test(s)), fc.constantFrom('答案一', '答案二'));
  await fc.assert(fc.asyncProperty(
    fc.oneof(
      { arbitrary: fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 6 }).map((rows) => rows.map((r) => r.join(',')).join('\n')), weight: 2 },
      { arbitrary: fc.array(goodRow, { minLength: 1, maxLength: 3 }).map((rows) => ['question,answer', ...rows.map((r) => r.join(','))].join('\n')), weight: 2 },
      fc.constantFrom('', '\ufeff', 'question,answer', '\u0000\u0001binary', 'question,answer\n"unterminated,x\n'),
    ),
    async (csv) => {
      await send('kb import csv', 'admin', 'POST', '/api/v1/kb/import-file', csv, { 'content-type': 'text/csv' });
    },
  ), { ...opts, examples: [['question,answer\n怎样办理居住证,答案一']] });

  const goodXlsx = async (rows: string[][]) => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('s').addRows(rows);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  await fc.assert(fc.asyncProperty(
    fc.oneof(
      { arbitrary: fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 5 }).map((rows) => ({ rows })), weight: 2 },
      { arbitrary: fc.array(goodRow, { minLength: 1, maxLength: 3 }).map((rows) => ({ rows: [['问题', '答案'], ...rows] })), weight: 2 },
      fc.uint8Array({ maxLength: 300 }).map((b) => ({ bytes: Buffer.from(b) })),
      fc.uint8Array({ maxLength: 300 }).map((b) => ({ bytes: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(b)]) })),
    ),
    async (f) => {
      const body = 'rows' in f ? await goodXlsx(f.rows as string[][]) : f.bytes;
      if (!body.length) return;
      await send('kb import xlsx', 'admin', 'POST', '/api/v1/kb/import-file', body, { 'content-type': XLSX });
    },
  ), { ...opts, examples: [[{ rows: [['问题', '答案'], ['怎样办理居住证', '答案二']] }]] });

  let instructionId = 0;
  await fc.assert(fc.asyncProperty(
    fc.oneof({ arbitrary: fc.record({ text: fc.string({ minLength: 1, maxLength: 60 }).map((s) => `批示${s}`) }), weight: 3 }, fc.record({ text: fc.oneof(text, fc.integer(), fc.constant(null)) }), fc.constant({}), text),
    async (body) => {
      const res = await send('instruct', 'leader', 'POST', `/api/v1/orders/${o.id}/instructions`, body);
      if (res.statusCode === 201) instructionId = res.json().id;
    },
  ), { ...opts, examples: [[{ text: '批示：请尽快处置' }]] });
  assert.ok(instructionId > 0);
  await fc.assert(fc.asyncProperty(
    fc.oneof({ arbitrary: fc.record({ answer: fc.string({ minLength: 1, maxLength: 60 }).map((s) => `答复${s}`) }), weight: 3 }, fc.record({ answer: fc.oneof(text, fc.integer(), fc.constant(null)) }), text),
    fc.oneof({ arbitrary: fc.constant('fresh'), weight: 3 }, fc.constantFrom('0', '-1', 'abc', '99999999', '2147483648')),
    async (body, which) => {
      let id: string = which;
      if (which === 'fresh') id = String(expectOk(await (await w.as('leader'))('POST', `/api/v1/orders/${o.id}/instructions`, { text: '待答复' }), 201).id);
      await send('answer', USER_OF_ROLE.handler, 'POST', `/api/v1/orders/${o.id}/instructions/${id}/answer`, body);
    },
  ), { ...opts, examples: [[{ answer: '答复：已安排处置' }, 'fresh']] });
  tc.diagnostic(`accepted: ${JSON.stringify(ok)}`);
  for (const k of ['export', 'kb import csv', 'kb import xlsx', 'instruct', 'answer']) assert.ok((ok[k] ?? 0) > 0, `no ${k} ever succeeded`);
});
