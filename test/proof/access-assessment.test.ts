// The access matrix for what follows a ranking (约谈, 关键小事, 部门+行业, regulators): who may read, who may change,
// and that a unit outside a unit's subtree learns nothing (the same 404 as a missing unit); anonymous callers 401.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Client, type TestApp } from '../helpers/app';
import { assertProblem } from './_support';

const MONTH = '2026-02';
let t: TestApp;
const c: Record<string, Client> = {};
const unit: Record<string, number> = {};
let matterId = 0;
let interviewId = 0;

const READERS = ['supervisor', 'leader', 'admin', 'operator', 'dispatcher', 'callback'];
const DECIDERS = ['supervisor', 'admin'];
const UNITS = ['handler.350102004', 'handler.D3501-CGW', 'handler.E3501-WATER'];

before(async () => {
  t = await createTestApp();
  for (const who of [...READERS, ...UNITS]) c[who] = await t.as(who);
  for (const u of JSON.parse((await c.admin('GET', '/api/v1/units')).body).items as { id: number; code: string }[]) unit[u.code] = u.id;
  const cat = (await t.s.db.query<{ id: number }>('select id from catalog_categories where level = 3 order by id limit 1')).rows[0].id;
  const m = await c.supervisor('POST', '/api/v1/assessment/key-matters', { name: '矩阵关键小事', categoryIds: [cat] });
  assert.equal(m.statusCode, 201, m.body);
  matterId = m.json().id;
  const i = await c.supervisor('POST', `/api/v1/assessment/months/${MONTH}/interviews`, { unitId: unit['350102004'], reason: 'other', heldOn: '2026-03-01', interviewer: '专班', commitments: '整改' });
  assert.equal(i.statusCode, 201, i.body);
  interviewId = i.json().id;
});
after(() => t?.close());

test('reads: the centre reads everything; units read only their own type, subtree and published months', async () => {
  const centreOnly = [`/api/v1/assessment/months/${MONTH}/interviews`, `/api/v1/assessment/joint?month=${MONTH}`];
  for (const who of READERS) {
    for (const p of [...centreOnly, '/api/v1/assessment/key-matters', `/api/v1/assessment/key-matters/${matterId}/rankings?month=${MONTH}&unitType=street`, `/api/v1/assessment/units/${unit['350102004']}/interviews`]) {
      assert.equal((await c[who]('GET', p)).statusCode, 200, `${who} ${p}`);
    }
  }
  for (const who of UNITS) {
    for (const p of centreOnly) {
      const r = await c[who]('GET', p);
      assert.equal(r.statusCode, 403, `${who} ${p}`);
      assertProblem(r, `${who} ${p}`);
    }
    assert.equal((await c[who]('GET', '/api/v1/assessment/key-matters')).statusCode, 200, who);
  }
  // A street's records: its own handler sees them; a department or company outside gets the missing-unit answer.
  assert.equal((await c['handler.350102004']('GET', `/api/v1/assessment/units/${unit['350102004']}/interviews`)).json().items.length, 1);
  for (const who of ['handler.D3501-CGW', 'handler.E3501-WATER']) {
    const real = await c[who]('GET', `/api/v1/assessment/units/${unit['350102004']}/interviews`);
    const missing = await c[who]('GET', '/api/v1/assessment/units/99999999/interviews');
    assert.equal(real.statusCode, 404, who);
    assert.equal(real.json().code, missing.json().code);
  }
  // Key-matter ranking: another type is forbidden; the own type is not published yet (404).
  assert.equal((await c['handler.350102004']('GET', `/api/v1/assessment/key-matters/${matterId}/rankings?month=${MONTH}&unitType=company`)).statusCode, 403);
  assert.equal((await c['handler.350102004']('GET', `/api/v1/assessment/key-matters/${matterId}/rankings?month=${MONTH}&unitType=street`)).statusCode, 404);
});

test('changes: only supervisors and admins record interviews, choose key matters and set regulators', async () => {
  const writes: [string, string, unknown][] = [
    ['POST', `/api/v1/assessment/months/${MONTH}/interviews`, { unitId: unit['350102005'], reason: 'other', heldOn: '2026-03-01', interviewer: '专班', commitments: '整改' }],
    ['POST', `/api/v1/assessment/interviews/${interviewId}/follow-ups`, { note: '跟踪', done: false }],
    ['POST', '/api/v1/assessment/key-matters', { name: '越权', categoryIds: [1] }],
    ['PUT', `/api/v1/assessment/key-matters/${matterId}`, { name: '越权改名', categoryIds: [1] }],
    ['PUT', `/api/v1/assessment/units/${unit['E3501-WATER']}/regulator`, { regulatorId: null }],
  ];
  for (const who of [...READERS.filter((r) => !DECIDERS.includes(r)), ...UNITS]) {
    for (const [m, p, b] of writes) {
      const r = await c[who](m, p, b);
      assert.equal(r.statusCode, 403, `${who} ${m} ${p}: ${r.body}`);
      assertProblem(r, `${who} ${m} ${p}`);
    }
  }
  const { rows } = await t.s.db.query<{ n: number }>('select count(*)::int as n from assessment_interviews');
  assert.equal(rows[0].n, 1, 'no refused write left a record');
  for (const [m, p, b] of writes) {
    const r = await t.app.inject({ method: m as 'POST', url: p, payload: b as object, headers: { 'x-minhu-request': '1' } });
    assert.equal(r.statusCode, 401, `anonymous ${m} ${p}`);
  }
});
