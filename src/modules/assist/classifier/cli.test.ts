import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CategoryModel, syntheticOrders } from './index';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');
let dir = '';
const file = (name: string) => path.join(dir, name);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function jsonl(rows: object[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-model-'));
  fs.writeFileSync(file('train.jsonl'), jsonl(syntheticOrders(8, 11)));
  fs.writeFileSync(file('test.jsonl'), jsonl(syntheticOrders(3, 12).map((e, i) => ({ id: i, ...e }))));
  fs.writeFileSync(file('bad.jsonl'), '{"title":"a","detail":"b","label":"c"}\nnot json\n');
  fs.writeFileSync(file('nolabel.jsonl'), '{"title":"a","detail":"b"}\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const METRICS = ['accuracy', 'macro_f1', 'n', 'top3'];

test('model evaluate --train --test prints one JSON line of metrics', () => {
  const r = run('evaluate', '--train', file('train.jsonl'), '--test', file('test.jsonl'));
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 1);
  const m = JSON.parse(lines[0]);
  assert.deepEqual(Object.keys(m).sort(), [...METRICS, 'accuracy_ci95', 'ece', 'top3_ci95'].sort());
  assert.equal(m.n, 21);
  assert.ok(m.accuracy_ci95[0] <= m.accuracy && m.accuracy <= m.accuracy_ci95[1], lines[0]);
  assert.ok(m.ece >= 0 && m.ece <= 1);
  assert.ok(m.accuracy > 0.8 && m.top3 >= m.accuracy, lines[0]);
});

test('model evaluate --data --folds runs cross-validation (a leading "model" is accepted)', () => {
  const r = run('model', 'evaluate', '--data', file('train.jsonl'), '--folds', '3');
  assert.equal(r.code, 0, r.err);
  const m = JSON.parse(r.out.trim());
  assert.deepEqual(Object.keys(m).sort(), METRICS);
  assert.equal(m.n, 56);
  assert.match(r.err, /fold 3\/3/);
});

test('model train --out writes a loadable model and reports an out-of-fold estimate', () => {
  const r = run('train', '--data', file('train.jsonl'), '--out', file('model.json'));
  assert.equal(r.code, 0, r.err);
  const m = JSON.parse(r.out.trim());
  assert.equal(m.n, 56);
  assert.ok(m.accuracy > 0.8);
  assert.match(r.err, /\[model\] final/);
  const model = CategoryModel.fromJSON(fs.readFileSync(file('model.json'), 'utf8'));
  assert.equal(model.predict('D2县城关镇超市销售过期食品', '超市销售过期食品，价格欺诈。')[0].label, '商贸旅游');
});

test('bad input exits with code 2 and a clear message', () => {
  let r = run('evaluate', '--data', file('missing.jsonl'));
  assert.equal(r.code, 2);
  assert.match(r.err, /missing\.jsonl: no such file/);
  r = run('evaluate', '--data', file('bad.jsonl'), '--folds', '2');
  assert.equal(r.code, 2);
  assert.match(r.err, /bad\.jsonl:2: not valid JSON/);
  r = run('train', '--data', file('nolabel.jsonl'));
  assert.equal(r.code, 2);
  assert.match(r.err, /"label" must be a non-empty string/);
  r = run('evaluate', '--train', file('train.jsonl'));
  assert.equal(r.code, 2);
  assert.match(r.err, /--test/);
  r = run('evaluate', '--data', file('train.jsonl'), '--folds', 'x');
  assert.equal(r.code, 2);
  r = run('frobnicate');
  assert.equal(r.code, 2);
  assert.match(r.err, /usage:/);
  assert.equal(r.out, '');
});
