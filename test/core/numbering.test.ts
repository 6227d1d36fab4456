// Order numbers come from one sequence per day. Another instance may have drawn numbers that are not yet
// committed, so re-checking the sequence must never move it back; a sequence that fell behind the day's
// numbers (restored from an older backup, set back by hand) is moved forward and the insert retried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../helpers/app';
import { forgetDaySequences } from '../../src/modules/orders/numbering';

const order = (title: string) => ({ channel: 'phone', type: 'help', title, requester: { name: '甲', phone: '13800000000' } });
const seqOf = (n: string) => Number(n.slice(8));

test('numbering: never moves back past numbers drawn elsewhere; recovers from a sequence that fell behind', async () => {
  const t = await createTestApp();
  try {
    const op = await t.as('operator');
    const first = await op('POST', '/api/v1/orders', order('路灯不亮'));
    assert.equal(first.statusCode, 201, first.body);
    const n1 = first.json().number as string;
    const { rows } = await t.s.db.query<{ relname: string }>(`select relname from pg_class where relkind = 'S' and relname = $1`, [`order_seq_${n1.slice(0, 8)}`]);
    assert.equal(rows.length, 1);
    const seq = rows[0].relname;

    // Another instance drew five numbers whose inserts are still in flight; this process re-checks its sequence.
    for (let i = 0; i < 5; i++) await t.s.db.query(`select nextval('${seq}')`);
    forgetDaySequences(t.s.db);
    const second = await op('POST', '/api/v1/orders', order('井盖缺失'));
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(seqOf(second.json().number), seqOf(n1) + 6, 'the sequence was moved back over numbers drawn elsewhere');

    // The sequence falls behind the committed numbers while this process believes it is fine.
    await t.s.db.query(`select setval('${seq}', 1, false)`);
    const third = await op('POST', '/api/v1/orders', order('噪音扰民'));
    assert.equal(third.statusCode, 201, third.body);
    assert.equal(seqOf(third.json().number), seqOf(n1) + 7);
    const { rows: dup } = await t.s.db.query<{ n: number }>(`select count(*)::int as n from orders group by number having count(*) > 1`);
    assert.equal(dup.length, 0);
  } finally {
    await t.close();
  }
});
