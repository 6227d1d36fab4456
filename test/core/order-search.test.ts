// The order list's text search (`q`) through the bigram index of migration 0036: it finds exactly what the plain
// substring match (ILIKE over title, description, address, number) finds, for words of one, two and more
// characters, with spaces, letters in either case, digits and wildcard characters, after texts are edited through
// the API and written by direct SQL, and for orders from before the migration until and after the backfill has
// reached them; and the index is what a search can use.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, World } from './_support';
import { runJobOnce } from '../../src/jobs/runner';
import { backfillSearchGrams, searchBackfillJobEntry } from '../../src/modules/orders/search-backfill';

let w: World;
before(async () => {
  w = await World.open();
});
after(() => w?.close());

const TEXTS: { title: string; description: string; address: string }[] = [
  { title: '小区门口路灯不亮', description: '晚上出行很不安全。', address: '鼓楼区东街街道军门社区' },
  { title: '夜间施工噪音', description: '工地每天十一点后还在打桩，小区居民无法入睡', address: '杨桥中路12号' },
  { title: '停水', description: '从早上开始停水，物业说不清原因', address: '白龙路18号 3单元' },
  { title: 'KTV 扰民', description: '楼下ktv每晚唱到两点', address: '五一中路 B座' },
  { title: '燃气表漏气', description: '燃气表附近有异味，担心安全', address: '屏山社区' },
  { title: '100%满意度调查', description: '问卷说满意度要 100%，下划线_也算', address: '' },
  { title: '门口', description: '路灯', address: '小区' },
];

// Substring queries of every kind; 门口路 must not match "门口" + "路灯" of different fields.
const QUERIES = ['小区', '路灯', '门口路', '路灯不亮', '小', '灯', '燃气表', '气表漏', '打桩', '中路', '中路12号', '12号', '3单元',
  'ktv', 'KTV', 'Ktv 扰', 'b座', '燃气表漏气', '燃气公司', '路灯杆', '100%', '%', '_', '下划线_', '满意度 要', '点 ', ' 扰民', '不存在的词', '灯门', '区东街街道军门'];

async function expected(q: string): Promise<number[]> {
  const like = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  const { rows } = await w.t.s.db.query<{ id: number }>(
    `select id from orders where title ilike $1 or description ilike $1 or address ilike $1 or number like $1 order by id`, [like]);
  return rows.map((r) => r.id);
}

async function searched(q: string): Promise<number[]> {
  const op = await w.as('operator');
  const r = expectOk(await op('GET', `/api/v1/orders?q=${encodeURIComponent(q)}&pageSize=200`)) as unknown as { items: { id: number }[] };
  return r.items.map((i) => i.id).sort((a, b) => a - b);
}

async function assertSame(label: string) {
  for (const q of QUERIES) {
    const want = await expected(q);
    assert.deepEqual(await searched(q), want, `${label}: q=${JSON.stringify(q)}`);
  }
}

test('search finds exactly the substring matches, before and after edits and direct writes', async () => {
  const ids: number[] = [];
  for (const t of TEXTS) ids.push((await w.create(t)).id);
  await assertSame('created through the API');
  // the definition itself finds what it should (the comparison above would pass on two empty lists)
  const ours = async (q: string) => (await expected(q)).filter((id) => ids.includes(id));
  assert.deepEqual(await ours('小区'), [ids[0], ids[1], ids[6]]);
  assert.deepEqual(await ours('门口路'), [ids[0]], 'no match across fields');
  assert.deepEqual(await ours('ktv'), [ids[3]]);

  // Texts rewritten by SQL (an import, a correction): the trigger keeps the bigrams in the same statement.
  await w.t.s.db.query(`update orders set description = '路灯杆倒了，压到小区围墙' where id = $1`, [ids[2]]);
  await w.t.s.db.query(`update orders set address = '燃气公司旁' , title = '燃气' where id = $1`, [ids[4]]);
  await w.t.s.db.query(`update orders set status = status where id = $1`, [ids[0]]);
  await assertSame('after updates');
  assert.ok((await expected('路灯杆')).includes(ids[2]));
  assert.ok(!(await expected('燃气表漏气')).includes(ids[4]));
  assert.ok((await expected('燃气公司')).includes(ids[4]));

  // A row written straight into the table gets its bigrams too.
  const { rows } = await w.t.s.db.query<{ grams: string[] }>(`select search_grams as grams from orders where id = $1`, [ids[3]]);
  assert.ok(rows[0].grams.includes('kt') && rows[0].grams.includes('扰民'), rows[0].grams.join(','));
  assert.ok(!rows[0].grams.some((g) => /\s/.test(g)), 'no bigram spans a space or a line break');
  await assertSame('final');
});

test('a search by a word of two characters or more can use the bigram index', async () => {
  const plan = await w.t.s.db.tx(async (q) => {
    await q.query('set local enable_seqscan = off');
    const { rows } = await q.query<{ 'QUERY PLAN': string }>(
      `explain select id from orders o where o.search_grams @> minhu_search_grams('小区') and o.title ilike '%小区%'`);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
  assert.match(plan, /orders_search_grams_idx/, plan);
});

test('orders from before the bigrams: found while they have none, filled by the backfill in batches', async () => {
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) ids.push((await w.create({ title: `旧工单回填 ${i}`, description: i % 2 ? '井盖缺失' : '树枝挡住路灯' })).id);
  // As written before migration 0036: no bigrams.
  await w.t.s.db.query('update orders set search_grams = null where id = any($1::int[])', [ids]);
  const before = await searched('旧工单回填');
  assert.deepEqual(before.filter((id) => ids.includes(id)), ids, 'rows without bigrams are still searched');
  await assertSame('with rows not yet backfilled');

  const entry = searchBackfillJobEntry(w.t.s.db);
  assert.equal(await backfillSearchGrams(w.t.s.db, 2), 2, 'a batch is bounded');
  // The runner's pass fills the rest (one batch of the job's own size).
  assert.equal(await runJobOnce(entry.job, w.t.clock, entry.batch), 1);
  const { rows } = await w.t.s.db.query<{ n: number }>('select count(*)::int as n from orders where search_grams is null');
  assert.equal(rows[0].n, 0);
  assert.equal(await runJobOnce(entry.job, w.t.clock, entry.batch), 0, 'nothing left: the job claims nothing');
  const filled = await w.t.s.db.query<{ grams: string[] }>('select search_grams as grams from orders where id = $1', [ids[1]]);
  assert.ok(filled.rows[0].grams.includes('井盖'), filled.rows[0].grams.join(','));
  await assertSame('after the backfill');
});

test('the bigrams of migration 0038 are the set the first definition (0036) gave, on random texts of every kind', async () => {
  // 0036's definition, inline: every substr(t, i, 2), lower-cased, whitespace runs as one space, none across a space.
  const FIRST = `select array(select distinct g from (select substr(t, i, 2) as g
      from (select regexp_replace(lower(coalesce($1::text, '')), '\\s+', ' ', 'g') as t) x, generate_series(1, length(t) - 1) i) y
    where strpos(g, ' ') = 0 order by g) as g`;
  const NOW = `select array(select g from unnest(minhu_search_grams($1::text)) g order by g) as g`;
  const alphabet = [...'小区路灯不亮噪音施工aAbBzZ09_%', ' ', '  ', '\n', '\t', '\r\n', '😀', 'é', 'Ä'];
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const texts: (string | null)[] = [null, '', 'a', 'ab', 'a b', '  小  ', 'ABC', '一二三', 'abcde', 'ab cd e', '小区\n路灯'];
  for (let i = 0; i < 300; i++) texts.push(Array.from({ length: Math.floor(next() * 60) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
  let nonEmpty = 0;
  for (const s of texts) {
    const want = (await w.t.s.db.query<{ g: string[] }>(FIRST, [s])).rows[0].g;
    const got = (await w.t.s.db.query<{ g: string[] }>(NOW, [s])).rows[0].g;
    assert.deepEqual(got, want, JSON.stringify(s));
    if (want.length) nonEmpty++;
  }
  assert.ok(nonEmpty > 250, `most texts have bigrams (${nonEmpty})`);
});
