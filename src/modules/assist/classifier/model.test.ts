import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CategoryModel, syntheticOrders, type Prediction } from './index';

const train = syntheticOrders(15, 1);
const heldOut = syntheticOrders(8, 2);
const model = CategoryModel.train(train);

function checkShape(ps: Prediction[], labels: string[]): void {
  assert.equal(ps.length, 3);
  assert.equal(new Set(ps.map((p) => p.label)).size, 3, 'three distinct labels');
  for (const p of ps) {
    assert.ok(labels.includes(p.label));
    assert.ok(p.confidence > 0 && p.confidence <= 1, `confidence ${p.confidence} in (0, 1]`);
    assert.ok(Array.isArray(p.words) && p.words.every((w) => typeof w === 'string' && w.length > 0));
  }
  for (let i = 1; i < ps.length; i++) assert.ok(ps[i - 1].confidence >= ps[i].confidence, 'sorted by confidence');
  assert.ok(ps.reduce((s, p) => s + p.confidence, 0) <= 1 + 1e-9, 'confidences sum to at most 1');
}

test('learns the synthetic categories and generalises to unseen orders', () => {
  assert.deepEqual(model.labels, [...new Set(train.map((e) => e.label))].sort());
  const hits = heldOut.filter((e) => model.predict(e.title, e.detail)[0].label === e.label).length;
  assert.ok(hits / heldOut.length >= 0.9, `held-out accuracy ${hits / heldOut.length}`);
  assert.ok(model.estimate && model.estimate.n === train.length, 'an out-of-fold estimate is measured while training');
});

test('predict returns the top 3 with confidences and explaining words', () => {
  const ps = model.predict('C4县化工厂偷排污水', '化工厂每天晚上偷排污水到河里，河水发黑发臭，鱼都死了。');
  checkShape(ps, model.labels);
  assert.equal(ps[0].label, '环境保护');
  assert.ok(ps[0].words.length > 0 && ps[0].words.length <= 5);
  assert.ok(ps[0].words.some((w) => /污水|化工|排污|河水|发臭|偷排/.test(w)), `words: ${ps[0].words}`);
  checkShape(model.predict('', ''), model.labels);
  assert.equal(model.predict('公交车', '', 5).length, 5);
});

test('confidence is calibrated: high when right, lower when unsure', () => {
  const ps = heldOut.map((e) => ({ e, p: model.predict(e.title, e.detail)[0] }));
  const acc = ps.filter(({ e, p }) => p.label === e.label).length / ps.length;
  const meanConf = ps.reduce((s, { p }) => s + p.confidence, 0) / ps.length;
  assert.ok(Math.abs(meanConf - acc) < 0.2, `mean confidence ${meanConf.toFixed(3)} vs accuracy ${acc.toFixed(3)}`);
  // a text with no known words is close to uniform, far below a clear case
  const unknown = model.predict('abc', '12345 xyz')[0].confidence;
  const clear = model.predict('超市销售过期食品', '超市销售过期食品，缺斤少两，价格欺诈。')[0].confidence;
  assert.ok(unknown < 0.5, `unknown-text confidence ${unknown}`);
  assert.ok(clear > unknown + 0.3, `clear ${clear} vs unknown ${unknown}`);
  const p = model.probabilities('超市销售过期食品', '');
  assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-9);
});

test('a dispatcher correction changes the next suggestion for a similar text', () => {
  const m = CategoryModel.fromJSON(JSON.parse(JSON.stringify(model)));
  const title = '小区门口新开的网吧';
  const before = m.predict(title, '小区门口新开了一家网吧，营业到凌晨，很多未成年人进出。')[0];
  const target = m.labels.find((l) => l !== before.label && l === '教育文体') ?? m.labels.find((l) => l !== before.label)!;
  assert.notEqual(before.label, target);
  assert.equal(m.learn({ title, detail: '小区门口新开了一家网吧，营业到凌晨，很多未成年人进出。', label: target }), true);
  const after = m.predict(title, '楼下新开了一家网吧，营业到很晚，常有未成年人进出。')[0];
  assert.equal(after.label, target, `after correction: ${JSON.stringify(after)}`);
  assert.equal(m.examples, model.examples + 1);
  assert.equal(m.learn({ title, detail: 'x', label: '不存在的类别' }), false, 'unknown labels are refused');
});

test('toJSON / fromJSON round trip gives identical predictions, also after online learning', () => {
  const m = CategoryModel.train(train.slice(0, 40));
  m.learn(heldOut[0]);
  const json = JSON.stringify(m);
  const back = CategoryModel.fromJSON(json);
  for (const e of heldOut.slice(0, 20)) assert.deepEqual(back.predict(e.title, e.detail), m.predict(e.title, e.detail));
  assert.deepEqual(CategoryModel.fromJSON(JSON.parse(json)).toJSON(), JSON.parse(json));
  assert.throws(() => CategoryModel.fromJSON({ kind: 'something-else' } as never), /not a category model/);
});

test('catalog priors give sensible suggestions with little or no history', () => {
  const priors = [
    { label: '交通运输', names: ['公共交通', '出租车管理', '道路运输'], keywords: ['公交', '司机', '拒载'] },
    { label: '环境保护', names: ['大气污染', '水污染', '噪声污染'], keywords: ['排污', '废气', '噪音'] },
    { label: '卫生计生', names: ['医疗服务', '医患纠纷', '计划生育'], keywords: ['医院', '医生', '看病'] },
  ];
  const m = CategoryModel.train([], { priors });
  assert.deepEqual(m.labels, ['交通运输', '卫生计生', '环境保护']);
  assert.equal(m.predict('出租车司机拒载', '晚上打车，出租车司机拒载还骂人。')[0].label, '交通运输');
  assert.equal(m.predict('医院看病难', '在医院看病排队一上午，医生态度很差。')[0].label, '卫生计生');
  const few = CategoryModel.train(train.filter((e) => e.label === '交通运输').slice(0, 3), { priors });
  assert.equal(few.predict('工厂排放废气', '工厂排放废气，空气污染严重。')[0].label, '环境保护');
  assert.throws(() => CategoryModel.train([]), /without examples or priors/);
});

test('self-training: confident pseudo-labels of unlabelled orders join the training data; the model still predicts well', () => {
  const labelled = syntheticOrders(2, 31);
  const unlabeled = syntheticOrders(10, 32).map(({ title, detail }) => ({ title, detail }));
  const test = syntheticOrders(4, 33);
  const plain = CategoryModel.train(labelled, { calibrationFolds: 0 });
  const self = CategoryModel.train(labelled, { calibrationFolds: 0, unlabeled, selfTraining: { threshold: 0.5, weight: 0.5 } });
  const acc = (m: CategoryModel) => test.filter((e) => m.predict(e.title, e.detail, 1)[0].label === e.label).length / test.length;
  assert.ok(self.vectorizer.size > plain.vectorizer.size, 'pseudo-labelled orders add vocabulary');
  assert.ok(acc(self) >= acc(plain) - 0.05, `plain ${acc(plain)}, self-trained ${acc(self)}`);
  assert.equal(self.examples, labelled.length, 'only real orders count as examples');
});
