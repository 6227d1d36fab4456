import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDb } from '../../../test/helpers/db';
import { ManualClock } from '../../shared/clock';
import { kbService } from './kb.service';

test('BM25 search: the rare shared word decides, new and retired articles show at once, validity holds', async () => {
  const t = await openTestDb();
  try {
    const kb = kbService(t.db, new ManualClock('2030-06-01T08:00:00Z'));
    // "办理" is in every article; "居住证" only in one: BM25 ranks by the rare word
    const common = [];
    for (const q of ['身份证办理流程', '护照办理时间', '营业执照办理材料', '结婚证办理地点']) common.push(await kb.create({ question: q, answer: `${q}：请携带材料到窗口办理，办理时间为工作日。` }, null));
    const target = await kb.create({ question: '居住证怎么申请', answer: '居住证在社区警务室申请。' }, null);
    const r = await kb.search('我想办理居住证，办理需要什么');
    assert.equal(r[0].id, target.id, JSON.stringify(r.map((x) => [x.question, x.score])));
    assert.ok(r[0].score > r[1].score);
    // created after the statistics were read: found straight away
    const fresh = await kb.create({ question: '垃圾分类投放时间', answer: '厨余垃圾早晚定时投放。' }, null);
    assert.equal((await kb.search('垃圾分类几点投放'))[0]?.id, fresh.id);
    await kb.remove(fresh.id);
    assert.ok(!(await kb.search('垃圾分类几点投放')).some((a) => a.id === fresh.id), 'retired articles are not proposed');
    const old = await kb.create({ question: '居住证旧办法', answer: '已废止的居住证办法', validTo: '2020-01-01' }, null);
    assert.ok(!(await kb.search('居住证')).some((a) => a.id === old.id), 'expired articles are not proposed');
    assert.deepEqual(await kb.search('的了吗'), [], 'only stop words: nothing to search');
    assert.equal((await kb.search('办理', { limit: 2 })).length, 2);
  } finally {
    await t.close();
  }
});
