// Issue 17: the list's text search uses the bigram index (migration 0035) to find candidates and the substring
// match to decide, so its answers are exactly the substring rule's. Checked on real message texts from
// ../shared/data (templated ones when it is absent) with queries cut from them: long and short, one character,
// mixed with digits and Latin letters, an order number, and words that are in no order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { expectOk, World, type Order } from './_support';
import { rng } from '../../bench/lib/prng';
import { bigramQuery, cjkBigrams } from '../../src/shared/bigrams';

let w: World;
const DATA = path.resolve(import.meta.dirname, '../../../shared/data/messages-labeled.jsonl');
const texts: { title: string; description: string }[] = [];

before(async () => {
  w = await World.open();
  if (fs.existsSync(DATA)) {
    for (const line of fs.readFileSync(DATA, 'utf8').split('\n').filter(Boolean).slice(0, 60)) {
      const m = JSON.parse(line) as { title: string; detail: string };
      texts.push({ title: m.title.slice(0, 60), description: m.detail.slice(0, 300) });
    }
  } else {
    for (let i = 0; i < 60; i++) texts.push({ title: `${['东街', '西湖', '屏山'][i % 3]}小区路灯不亮${i}号`, description: `A${i}栋楼下的路灯坏了，晚上很黑，Wi-Fi 信号也差。` });
  }
  for (const [i, t] of texts.entries()) await w.create({ ...t, address: `鼓楼区${['五四路', '杨桥路'][i % 2]}${i + 1}号` });
});
after(async () => {
  await w?.close();
});

test('the bigrams the server computes are the ones the database indexes', async () => {
  const db = w.t.s.db;
  for (const t of [...texts.map((x) => x.title + ' ' + x.description), '', '路', 'ab12', '小区A栋3号楼🙂门口', '〇一二']) {
    const { rows } = await db.query<{ g: string[] }>(`select coalesce(tsvector_to_array(cjk_bigrams($1)), '{}') as g`, [t]);
    assert.deepEqual([...rows[0].g].sort(), cjkBigrams(t).sort(), t.slice(0, 30));
  }
  assert.equal(bigramQuery('A栋'), null, 'one Chinese character: no bigram, the plain scan');
  assert.equal(bigramQuery('路灯不亮'), `'路灯' & '灯不' & '不亮'`);
});

test('text search answers exactly what the substring rule answers', async () => {
  const db = w.t.s.db;
  const r = rng(17);
  const queries = ['小区', '路灯', '根系顶裂', '路', 'A', '号', '五四路3', '没有这个词语组合', '%', '_', '\\'];
  const { rows: nums } = await db.query<{ number: string }>('select number from orders order by id desc limit 2');
  queries.push(nums[0].number, nums[1].number.slice(4, 10));
  for (let i = 0; i < 40; i++) {
    const t = texts[Math.floor(r() * texts.length)];
    const s = r() < 0.5 ? t.title : t.description;
    const from = Math.floor(r() * Math.max(1, s.length - 2));
    queries.push(s.slice(from, from + 1 + Math.floor(r() * 6)).trim() || '小区');
  }
  const centre = await w.as('dispatcher');
  for (const q of queries) {
    const like = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    const expected = (await db.query<{ id: number }>(
      `select id from orders o where o.title ilike $1 or o.description ilike $1 or o.address ilike $1 or o.number like $1 order by o.created_at desc, o.id desc limit 200`,
      [like],
    )).rows.map((x) => x.id);
    const got = expectOk(await centre('GET', `/api/v1/orders?pageSize=200&q=${encodeURIComponent(q)}`));
    assert.deepEqual(got.items.map((o: Order) => o.id), expected, `q=${q}`);
  }
});
