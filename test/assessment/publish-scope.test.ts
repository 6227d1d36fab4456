// Publishing freezes a month; republishing makes a new audited version. Scope of every assessment route.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, expectProblem, World } from '../core/_support';
import { at, handlerOf, OTHER_STREET, runFlow, STREET } from './_flows';

const JUNE = '2026-06';
let w: World;
let good: number;

before(async () => {
  w = await World.open({ start: '2026-05-04T09:00:00+08:00' });
  w.t.clock.set(at('2026-06-01T09:00:00'));
  good = (await runFlow(w, { unit: STREET, end: { resolution: 'resolved', satisfaction: 'satisfied' } })).id;
  await runFlow(w, { unit: OTHER_STREET, late: true, end: { resolution: 'partly', satisfaction: 'satisfied' } });
  w.t.clock.set(at('2026-07-02T10:00:00'));
});
after(() => w?.close());

const rk = (month = JUNE, type = 'street') => `/api/v1/assessment/rankings?month=${month}&unitType=${type}`;

test('publish freezes the month; later changes stay live until a republish with a reason', async () => {
  const sup = await w.as('supervisor');
  const unit = w.units.id(STREET);
  const before = expectOk(await sup('GET', rk())) as Record<string, any>;
  const pub = expectOk(await sup('POST', `/api/v1/assessment/months/${JUNE}/publish`));
  assert.equal(pub.version, 1);
  expectProblem(await sup('POST', `/api/v1/assessment/months/${JUNE}/publish`), 409, 'month_published');
  // An exemption approved in July for a June order changes the live facts, not the published figures.
  let o = await w.get(good);
  o = await w.do(handlerOf(STREET), o, 'exemption', { reason: 'duplicate', note: '重复诉求' });
  await w.do('supervisor', o, 'exemption/approve', {});
  const frozen = expectOk(await sup('GET', rk())) as Record<string, any>;
  assert.equal(frozen.published, true);
  assert.equal(frozen.version, 1);
  assert.deepEqual(frozen.items, before.items);
  const card = expectOk(await sup('GET', `/api/v1/assessment/units/${unit}?month=${JUNE}`)) as Record<string, any>;
  assert.equal(card.current.assessed, 1);
  assert.equal(card.lost.exempted.length, 0);
  expectProblem(await sup('POST', `/api/v1/assessment/months/${JUNE}/republish`, {}), 400, 'validation_failed');
  const re = expectOk(await sup('POST', `/api/v1/assessment/months/${JUNE}/republish`, { reason: '免考核复核后更正' }));
  assert.equal(re.version, 2);
  const v2 = expectOk(await sup('GET', rk())) as Record<string, any>;
  assert.equal(v2.version, 2);
  const a = v2.items.find((i: { unitId: number }) => i.unitId === unit);
  assert.equal(a.assessed, 0);
  assert.equal(a.exempted, 1);
  assert.equal(a.rank, null);
  const audits = await w.t.s.db.query<{ action: string; detail: Record<string, unknown> }>(`select action, detail from audit_log where action like 'assessment_%' or action like 'exemption_%' order by id`);
  assert.deepEqual(audits.rows.map((r) => r.action), ['assessment_published', 'exemption_requested', 'exemption_approved', 'assessment_republished']);
  assert.equal(audits.rows[3].detail.reason, '免考核复核后更正');
  const info = expectOk(await sup('GET', `/api/v1/assessment/months/${JUNE}`)) as Record<string, any>;
  assert.deepEqual(info.versions.map((v: { version: number }) => v.version), [1, 2]);
  expectProblem(await sup('POST', `/api/v1/assessment/months/2026-05/republish`, { reason: 'x' }), 409, 'month_not_published');
});

test('scope: the centre, supervisors and leaders see everything; a unit its own scorecard and its published ranking', async () => {
  const street = w.units.id(STREET);
  const other = w.units.id(OTHER_STREET);
  for (const who of ['supervisor', 'leader', 'admin', 'dispatcher', 'operator', 'callback']) {
    const c = await w.as(who);
    expectOk(await c('GET', rk('2026-07')));
    expectOk(await c('GET', `/api/v1/assessment/units/${street}?month=${JUNE}`));
    expectOk(await c('GET', `/api/v1/assessment/months/${JUNE}`));
    expectOk(await c('GET', '/api/v1/assessment/exemptions'));
    const x = await c('GET', `/api/v1/assessment/months/${JUNE}/report.xlsx`);
    assert.equal(x.statusCode, 200);
    assert.match(String(x.headers['content-type']), /spreadsheetml/);
  }
  for (const who of [handlerOf(STREET), `unitleader.${STREET}`]) {
    const c = await w.as(who);
    expectOk(await c('GET', rk())); // published
    expectProblem(await c('GET', rk('2026-07')), 404, 'not_found'); // live
    expectProblem(await c('GET', rk(JUNE, 'department')), 403, 'forbidden');
    expectOk(await c('GET', `/api/v1/assessment/units/${street}?month=2026-07`));
    const outside = await c('GET', `/api/v1/assessment/units/${other}?month=${JUNE}`);
    const missing = await c('GET', `/api/v1/assessment/units/999999?month=${JUNE}`);
    expectProblem(outside, 404, 'unit_not_found');
    assert.equal(outside.body.replace(String(other), 'X'), missing.body.replace('999999', 'X'));
    for (const [m, url, body] of [
      ['GET', `/api/v1/assessment/months/${JUNE}`, undefined],
      ['GET', '/api/v1/assessment/exemptions', undefined],
      ['GET', `/api/v1/assessment/months/${JUNE}/report.xlsx`, undefined],
      ['GET', `/api/v1/assessment/months/${JUNE}/report.csv`, undefined],
      ['PUT', `/api/v1/assessment/months/${JUNE}/weights`, { a: 0.1, b: 0.45, c: 0.45, wp: 0.5, wb: 0.5 }],
      ['POST', `/api/v1/assessment/months/2026-07/publish`, undefined],
      ['POST', `/api/v1/assessment/months/${JUNE}/republish`, { reason: 'x' }],
      ['PUT', `/api/v1/assessment/units/${street}/population`, { population: 1000 }],
    ] as const) expectProblem(await c(m, url, body), 403, 'forbidden');
  }
  const grid = await w.as(`grid.350102004001`);
  expectProblem(await grid('GET', rk()), 403, 'forbidden');
  for (const who of ['leader', 'dispatcher', 'operator']) {
    const c = await w.as(who);
    expectProblem(await c('POST', `/api/v1/assessment/months/2026-07/publish`), 403, 'forbidden');
    expectProblem(await c('PUT', `/api/v1/assessment/months/${JUNE}/weights`, { a: 0.1, b: 0.45, c: 0.45, wp: 0.5, wb: 0.5 }), 403, 'forbidden');
  }
  const anon = await w.t.app.inject({ method: 'GET', url: rk() });
  assert.equal(anon.statusCode, 401);
  const sup = await w.as('supervisor');
  expectProblem(await sup('GET', `/api/v1/assessment/rankings?month=2026-13&unitType=street`), 400, 'validation_failed');
  expectProblem(await sup('GET', `/api/v1/assessment/units/${w.units.id('350102004001')}?month=${JUNE}`), 422, 'unit_not_assessed');
  expectOk(await sup('PUT', `/api/v1/assessment/units/${street}/population`, { population: 52000 }));
});

test('the CSV lists the orders behind the numbers', async () => {
  const c = await w.as('supervisor');
  const r = await c('GET', `/api/v1/assessment/months/${JUNE}/report.csv`);
  assert.equal(r.statusCode, 200);
  const lines = r.body.trim().split('\r\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0], /工单编号/);
});
