import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { buildDemoUnits } from './district';
import { DEMO_HANDLER_RULES, categoryKeywords, demoHandlerFor } from './handler-rules';

// The public taxonomy lives outside the repository (../shared/data); the full check is skipped without it.
const taxonomyFile = new URL('../../../../../shared/data/taxonomy-3level.csv', import.meta.url);
const hasTaxonomy = fs.existsSync(taxonomyFile);
const units = new Map(buildDemoUnits().map((u) => [u.code, u]));

function taxonomy(): [string, string, string][] {
  return fs
    .readFileSync(taxonomyFile, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(',') as [string, string, string]);
}

test('demo handler rules point at existing units of the right type', () => {
  for (const [key, rule] of Object.entries(DEMO_HANDLER_RULES)) {
    if (rule.handler.kind === 'jurisdiction') continue;
    const u = units.get(rule.handler.unitCode);
    assert.ok(u, `${key}: unknown unit ${rule.handler.unitCode}`);
    assert.equal(u.type, rule.handler.kind, key);
  }
});

test('every taxonomy leaf gets a handler, a tier and keywords; every rule key exists in the taxonomy', { skip: !hasTaxonomy && 'taxonomy CSV not found' }, () => {
  const rows = taxonomy();
  assert.ok(rows.length > 500);
  const keys = new Set<string>();
  for (const [l1, l2, l3] of rows) {
    keys.add(l1).add(`${l1}/${l2}`).add(`${l1}/${l2}/${l3}`);
    const h = demoHandlerFor(l1, l2, l3);
    assert.ok([1, 2, 3, 4].includes(h.tier));
    assert.ok(h.keywords.length > 0, `${l1}/${l2}/${l3} has no keywords`);
  }
  for (const key of Object.keys(DEMO_HANDLER_RULES)) assert.ok(keys.has(key), `rule ${key} matches no category`);
});

test('demoHandlerFor: utilities, jurisdiction and departments', () => {
  const w = demoHandlerFor('城乡建设', '城市建设和市政管理', '自来水供应');
  assert.deepEqual(w.handler, { kind: 'company', unitCode: 'E3501-WATER' });
  assert.equal(w.tier, 2);
  assert.ok(w.keywords.includes('自来水供应') && w.keywords.includes('停水'));
  assert.equal(demoHandlerFor('城乡建设', '城市建设和市政管理', '电力供应').handler.kind, 'company');
  assert.deepEqual(demoHandlerFor('城乡建设', '城市建设和市政管理', '冬季采暖'), {
    handler: { kind: 'company', unitCode: 'E3501-HEAT' },
    tier: 2,
    keywords: ['冬季采暖', '暖气', '供暖', '采暖', '不热'],
  });
  assert.deepEqual(demoHandlerFor('城乡建设', '城市建设和市政管理', '环境卫生').handler, { kind: 'jurisdiction' });
  assert.equal(demoHandlerFor('城乡建设', '城市建设和市政管理', '小区管理').tier, 3);
  const labour = demoHandlerFor('劳动和社会保障', '劳动关系', '劳动合同纠纷');
  assert.deepEqual(labour.handler, { kind: 'department', unitCode: 'D350102-RS' });
  assert.equal(units.get('D350102-RS')!.aliases[0], '区人社局');
  assert.equal(units.get((demoHandlerFor('卫生计生', '医政监管', '非法行医').handler as { unitCode: string }).unitCode)!.aliases[0], '区卫健局');
  assert.equal(demoHandlerFor('政法', '交通管理', '交通事故').tier, 1);
  assert.equal(demoHandlerFor('城乡建设', '国有土地上房屋征收与补偿', '回迁房').tier, 4);
  assert.deepEqual(demoHandlerFor('城乡建设', '其他', '其他').keywords, ['城乡建设']);
  // unknown categories fall back to the jurisdiction, tier 3
  assert.deepEqual(demoHandlerFor('未知', '分类', '其他'), { handler: { kind: 'jurisdiction' }, tier: 3, keywords: ['分类'] });
});

test('categoryKeywords splits names and drops 其他', () => {
  assert.deepEqual(categoryKeywords('房产证登记、办理'), ['房产证登记、办理', '房产证登记', '办理']);
  assert.deepEqual(categoryKeywords('退休政策及待遇'), ['退休政策及待遇', '退休政策', '待遇']);
  assert.deepEqual(categoryKeywords('其他'), []);
});
