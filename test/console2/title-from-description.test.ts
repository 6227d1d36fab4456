// 标题 from the description when the operator leaves it empty (web/src/features/intake/title.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveTitle, titleFromDescription } from '../../web/src/features/intake/title';

test('the first sentence, without its trailing comma', () => {
  assert.equal(titleFromDescription('楼下工地每天晚上十一点以后还在打桩。孩子无法入睡'), '楼下工地每天晚上十一点以后还在打桩');
  assert.equal(titleFromDescription('路灯不亮！已经一个月了'), '路灯不亮');
  assert.equal(titleFromDescription('请问社保在哪里缴纳？需要带什么材料'), '请问社保在哪里缴纳');
  assert.equal(titleFromDescription('停水了，\n物业不管'), '停水了');
});

test('a long first sentence is cut at 30 characters with …; blank text gives no title', () => {
  const long = '从早上开始整栋楼就停水了物业说不清原因也不知道什么时候恢复老人做饭都没有水小孩也没法洗澡';
  const t = titleFromDescription(long);
  assert.equal(Array.from(t).length, 30);
  assert.ok(t.endsWith('…'));
  assert.ok(long.startsWith(t.slice(0, -1)));
  assert.equal(titleFromDescription('   '), '');
  assert.equal(titleFromDescription('。。！'), '');
  assert.equal(titleFromDescription('  。路灯坏了'), '路灯坏了');
});

test("the operator's title wins; an empty one is derived", () => {
  assert.equal(effectiveTitle('  路灯不亮 ', '小区门口的路灯坏了。'), '路灯不亮');
  assert.equal(effectiveTitle('', '小区门口的路灯坏了。请修'), '小区门口的路灯坏了');
  assert.equal(effectiveTitle(undefined, undefined), '');
});
