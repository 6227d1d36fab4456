// 每月一题 and 未诉先办: candidates ranked by frequency × units × low resolution; a topic adopted with a rule
// tracks its orders month by month against the baseline of the three months before it, with its task force's
// actions, until it is closed; proactive tasks beside it, with their own deadlines and scope.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, expectProblem, World, type Order } from '../core/_support';
import { at, DAY, finish, handlerOf, OTHER_STREET, STREET } from '../assessment/_flows';
import { rankCandidates } from '../../src/modules/insight/topics';

let w: World;
before(async () => {
  w = await World.open({ start: '2026-04-06T09:00:00+08:00' });
});
after(() => w?.close());

test('candidates: frequency × units involved × low resolution', () => {
  const h = (id: string, count: number, units: number, unresolvedShare: number) => ({ id, label: id, keywords: [], count, unitIds: Array.from({ length: units }, (_, i) => i + 1), unresolvedShare, orderIds: [] });
  const r = rankCandidates([h('A', 10, 1, 0.2), h('B', 5, 3, 0.8), h('C', 20, 1, 0), h('D', 5, 3, 0.8 - 1e-9)]);
  assert.deepEqual(r.map((c) => c.hotspotId), ['B', 'D', 'C', 'A']);
  assert.equal(r[0].score, 15.75);
  assert.equal(r.find((c) => c.hotspotId === 'C')!.score, 5, 'a fully resolved problem still counts a quarter');
});

async function order(title: string, end: { resolution: string; satisfaction: string }): Promise<Order> {
  let o = await w.create({ title, description: `${title}，影响居民生活。` });
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3 });
  return finish(w, o, handlerOf(STREET), { unit: STREET, end });
}

test('a topic follows its orders month by month against its baseline, with actions and tasks, until closed', async () => {
  const bad = { resolution: 'unresolved', satisfaction: 'unsatisfied' };
  const good = { resolution: 'resolved', satisfaction: 'satisfied' };
  // April (baseline): three 油烟 complaints, one resolved
  await order('餐馆油烟扰民', good);
  await order('楼下烧烤油烟大', bad);
  await order('油烟直排影响开窗', bad);
  await order('路灯不亮', good); // not linked
  // June: two, both resolved; July: one, partly
  w.t.clock.set(at('2026-06-08T09:00:00'));
  const topic = expectOk(await (await w.as('supervisor'))('POST', '/api/v1/insight/topics', {
    title: '餐饮油烟扰民专项治理', leadUnitId: w.units.id(STREET), leader: '王副区长', coUnitIds: [w.units.id(OTHER_STREET)], taskForce: '区市场监管局、城管局、街道组成专班',
    goal: '三个月内油烟投诉下降一半', rule: { keywords: ['油烟'], unitIds: [w.units.id(STREET)] }, startMonth: '2026-06',
  }), 201);
  assert.deepEqual(topic.baseline.months, ['2026-03', '2026-04', '2026-05']);
  assert.equal(topic.baseline.volume, 1);
  assert.equal(topic.baseline.resolutionRate, 0.333);
  assert.equal(topic.baseline.satisfactionRate, 0.333);
  const june = [await order('小区门口餐馆油烟', good), await order('油烟扰民请处理', good)];
  w.t.clock.set(at('2026-07-06T09:00:00'));
  const july = await order('夜宵摊油烟', { resolution: 'partly', satisfaction: 'basically' });

  const t1 = expectOk(await (await w.as(handlerOf(STREET)))('POST', `/api/v1/insight/topics/${topic.id}/actions`, { text: '专班联合检查12家餐馆，责令安装油烟净化器' }));
  expectOk(await (await w.as(handlerOf(OTHER_STREET)))('POST', `/api/v1/insight/topics/${topic.id}/actions`, { text: '协办街道排查夜宵摊点' }));
  assert.equal(t1.actions.length, 1);
  const d = expectOk(await (await w.as('supervisor'))('GET', `/api/v1/insight/topics/${topic.id}`));
  assert.deepEqual(d.months.map((m: any) => [m.month, m.volume, m.resolutionRate, m.satisfactionRate]), [['2026-06', 2, 1, 1], ['2026-07', 1, 0.5, 0.5]]);
  assert.deepEqual(d.orders.map((o: any) => o.id).sort(), [...june.map((o) => o.id), july.id].sort());
  assert.deepEqual(d.actions.map((a: any) => a.text), ['专班联合检查12家餐馆，责令安装油烟净化器', '协办街道排查夜宵摊点']);

  // 未诉先办: a task for the lead unit, due in two weeks
  const task = expectOk(await (await w.as('supervisor'))('POST', '/api/v1/insight/tasks', { title: '夏季夜市油烟集中整治', place: '东街夜市', unitId: w.units.id(STREET), dueAt: '2026-07-20T18:00:00+08:00', topicId: topic.id }), 201);
  assert.equal(task.overdue, false);
  assert.equal(expectOk(await (await w.as('supervisor'))('GET', `/api/v1/insight/topics/${topic.id}`)).tasks[0].id, task.id);
  w.t.clock.set(at('2026-07-21T09:00:00'));
  assert.equal(expectOk(await (await w.as(handlerOf(STREET)))('GET', '/api/v1/insight/tasks?status=open')).items.find((x: any) => x.id === task.id).overdue, true);
  expectProblem(await (await w.as(handlerOf('350102006')))('POST', `/api/v1/insight/tasks/${task.id}/done`, { note: 'x' }), 404, 'not_found');
  const done = expectOk(await (await w.as(handlerOf(STREET)))('POST', `/api/v1/insight/tasks/${task.id}/done`, { note: '已完成整治' }));
  assert.equal(done.status, 'done');
  assert.equal(done.overdue, false);
  expectProblem(await (await w.as(handlerOf(STREET)))('POST', `/api/v1/insight/tasks/${task.id}/done`, {}), 409, 'invalid_transition');
  expectProblem(await (await w.as(handlerOf(STREET)))('POST', '/api/v1/insight/tasks', { title: 'x', unitId: w.units.id(STREET), dueAt: '2026-08-01T00:00:00+08:00' }), 403, 'forbidden');
  expectProblem(await (await w.as('supervisor'))('POST', '/api/v1/insight/tasks', { title: 'x', unitId: w.units.id(STREET), dueAt: '2026-07-01T00:00:00+08:00' }), 400, 'validation_failed');
  expectProblem(await (await w.as('supervisor'))('POST', '/api/v1/insight/tasks', { title: 'x', unitId: w.units.id(STREET), dueAt: 'soon-ish-later' }), 400, 'invalid_date');

  // scope: a street outside the task force sees no topic; only supervisors adopt and close
  expectProblem(await (await w.as(handlerOf('350102006')))('GET', `/api/v1/insight/topics/${topic.id}`), 404, 'not_found');
  assert.equal(expectOk(await (await w.as(handlerOf('350102006')))('GET', '/api/v1/insight/topics')).items.length, 0);
  assert.equal(expectOk(await (await w.as(handlerOf(STREET)))('GET', '/api/v1/insight/topics')).items.length, 1);
  expectProblem(await (await w.as(handlerOf(STREET)))('POST', `/api/v1/insight/topics/${topic.id}/close`), 403, 'forbidden');
  expectProblem(await (await w.as(handlerOf(STREET)))('GET', '/api/v1/insight/topics/candidates'), 403, 'forbidden');
  expectOk(await (await w.as('supervisor'))('GET', '/api/v1/insight/topics/candidates'));

  // closed: the months stop at the closing month; no more actions
  const closed = expectOk(await (await w.as('supervisor'))('POST', `/api/v1/insight/topics/${topic.id}/close`));
  assert.equal(closed.status, 'closed');
  w.t.clock.advance(40 * DAY);
  assert.deepEqual(expectOk(await (await w.as('supervisor'))('GET', `/api/v1/insight/topics/${topic.id}`)).months.map((m: any) => m.month), ['2026-06', '2026-07']);
  expectProblem(await (await w.as(handlerOf(STREET)))('POST', `/api/v1/insight/topics/${topic.id}/actions`, { text: '再检查' }), 409, 'invalid_transition');
  expectProblem(await (await w.as('supervisor'))('POST', `/api/v1/insight/topics/${topic.id}/close`), 409, 'invalid_transition');
  expectProblem(await (await w.as('supervisor'))('POST', '/api/v1/insight/topics', { title: 'x', leadUnitId: 999999, leader: 'y', rule: { keywords: ['油烟'] }, startMonth: '2026-06' }), 404, 'unit_not_found');
  expectProblem(await (await w.as('supervisor'))('POST', '/api/v1/insight/topics', { title: 'x', leadUnitId: w.units.id(STREET), leader: 'y', rule: { keywords: ['油'] }, startMonth: '2026-06' }), 400, 'validation_failed');
});
