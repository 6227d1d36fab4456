// 诉求类型 from the caller's words (web/src/features/intake/request-type.ts): what each cue decides, which cue wins
// when several are there, and that nothing is guessed without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typeFromDescription } from '../../web/src/features/intake/request-type';

const cases: [string, string | null][] = [
  // complaints: a nuisance, damage, rules broken, a job not done
  ['楼下工地每天晚上十一点以后还在打桩，孩子无法入睡，希望有关部门管一管。', 'complaint'],
  ['屏山社区门口几盏路灯坏了一个多月，晚上出行很不安全。', 'complaint'],
  ['小区门口的饭店油烟很大，窗户都不敢开。', 'complaint'],
  ['物业多次反映都不处理，电梯天天停。', 'complaint'],
  ['小区里垃圾堆了一个星期没人清运。', 'complaint'],
  // a question about a complaint's topic is a consultation
  ['我想咨询一下施工许可证怎么办理。', 'consult'],
  ['小区垃圾一般什么时候清运？', 'consult'],
  ['灵活就业人员想问社保在哪里缴纳，需要带什么材料。', 'consult'],
  ['请问公积金提取需要哪些材料', 'consult'],
  // help: an urgent need
  ['从早上开始停水，物业说不清原因，老人做饭都没有水。', 'help'],
  ['我家老人走失了，穿灰色外套，请帮忙找一找。', 'help'],
  ['电梯里有人被困，物业电话打不通。', 'help'],
  // a complaint's words beat a request for help
  ['开发商拖欠工资半年了，求助政府帮忙讨薪。', 'complaint'],
  // report, suggestion, praise
  ['我要举报一家无证经营的黑诊所。', 'report'],
  ['建议在公交站增设候车亭和座椅。', 'suggestion'],
  ['我提个建议，公园晚上能多开一会儿灯。', 'suggestion'],
  ['非常感谢社区工作人员的热心帮助，特此表扬。', 'praise'],
  ['街道很快就把井盖修好了，给他们点赞。', 'praise'],
  // a polite thank-you at the end does not make a praise
  ['小区门口的下水道堵塞，污水漫到路上，谢谢！', 'complaint'],
  ['社保卡丢了怎么补办？谢谢', 'consult'],
  // no cue: no guess (the form keeps its default)
  ['关于我家孩子上学的事情。', null],
  ['', null],
  ['   ', null],
];

test('each cue decides its type, and the order between cues holds', () => {
  for (const [text, want] of cases) {
    assert.equal(typeFromDescription(text)?.type ?? null, want, text);
  }
});

test('the guess names the words that decided, taken from the text itself', () => {
  const g = typeFromDescription('楼下 KTV 每晚噪音扰民');
  assert.ok(g);
  assert.equal(g.type, 'complaint');
  assert.ok('楼下KTV每晚噪音扰民'.includes(g.cue), g.cue);
  // full-width text is read like half-width
  assert.equal(typeFromDescription('社保卡丢了怎么补办？')?.cue, '怎么');
  assert.equal(typeFromDescription('社保卡补办要多久?')?.type, 'consult');
});
