// Fuzzing 分级协调 and 值守 where they can succeed (fuzz.test.ts reaches every route, but mostly its refusals):
// escalate and answer on orders that allow them, the duty roster PUT and the gap query, with hostile and odd
// bodies — levels, unit ids of every kind, impossible and far instants, phones, huge texts. Never a 5xx; every
// error is problem+json; a refused request changes nothing; an accepted one keeps the invariants (at most one
// open request per order, the addressed unit's assignment active exactly while it is open; the saved roster is
// what was sent).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertProblem, fingerprinter, hostileInstant, hostileText } from './_support';
import { DEPT, DISTRICT_USER, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from '../core/_support';

const RUNS = Number(process.env.MINHU_FUZZ_RUNS ?? 60);
const SEED = Number(process.env.MINHU_FUZZ_SEED ?? Date.now() % 2 ** 31);
const H = USER_OF_ROLE.handler;

let w: World;
let fingerprint: () => Promise<string>;
before(async () => {
  w = await World.open();
  await w.reachEscalated('accepted'); // makes the district's users
  fingerprint = await fingerprinter(w.t.s.db);
});
after(() => w?.close());

const text = hostileText;
const instant = hostileInstant(['2026-10-01T03:00:00+08:00']);
const unitId = () => fc.oneof(fc.constantFrom(w.units.id(DEPT), w.units.id(OTHER_STREET), w.units.id('E3501-WATER'), w.units.id('350102004001'), 0, -1, 2147483648, 999999), fc.integer(), text, fc.constant(null));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const accepted: Record<string, number> = {};

async function invariants(orderId: number) {
  const open = (await w.t.s.db.query<{ u: number }>(`select to_unit_id as u from escalations where order_id = $1 and status = 'open'`, [orderId])).rows.map((r) => r.u);
  assert.ok(open.length <= 1, 'at most one open request');
  const active = (await w.t.s.db.query<{ u: number }>(`select unit_id as u from order_assignments where order_id = $1 and role = 'escalation' and active`, [orderId])).rows.map((r) => r.u);
  assert.deepEqual(active, open, 'the active escalation assignment is exactly the open request\'s unit');
}

async function send(user: string, method: 'POST' | 'PUT' | 'GET', url: string, body?: Record<string, unknown>) {
  const c = await w.as(user); // before the fingerprint: a first sign-in writes a session
  const before = await fingerprint();
  const res = await c(method, url, body);
  assert.ok(res.statusCode < 500, `${method} ${url} ${JSON.stringify(body ?? {}).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
  if (res.statusCode >= 400) {
    assertProblem(res, url);
    assert.equal(await fingerprint(), before, `a refused ${method} ${url} changed the database: ${res.body.slice(0, 200)}`);
  }
  return res;
}

test('escalate and answer survive hostile bodies where they can succeed', async (tc) => {
  tc.diagnostic(`seed ${SEED} (replay: MINHU_FUZZ_SEED=${SEED}), ${RUNS} runs per action`);
  const opts = { seed: SEED, numRuns: RUNS, endOnFailure: true };
  let o: Order = await w.reach('accepted', { sub: false });
  await fc.assert(fc.asyncProperty(
    fc.record({
      level: fc.oneof({ arbitrary: fc.constantFrom('district', 'city'), weight: 4 }, fc.constant('regulator'), text, fc.integer(), fc.constant(null)),
      reason: fc.oneof({ arbitrary: fc.constantFrom('跨街道需协调', '涉及多个部门'), weight: 2 }, text),
    }, { requiredKeys: [] }),
    async (body) => {
      const res = await send(H, 'POST', `/api/v1/orders/${o.id}/escalate`, { version: o.version, ...body });
      if (res.statusCode === 200) {
        accepted.escalate = (accepted.escalate ?? 0) + 1;
        await invariants(o.id);
        o = await w.reach('accepted', { sub: false });
      }
    },
  ), { ...opts, examples: [[{ level: 'district', reason: '跨街道需协调' }]] }); // a well-formed case first: the success path is reached whatever the seed and the number of runs

  let open = await w.reachEscalated('accepted');
  let turn = 0;
  await fc.assert(fc.asyncProperty(
    fc.record({
      decision: fc.oneof({ arbitrary: fc.constantFrom('coordinated', 'refused'), weight: 4 }, text, fc.constant(null)),
      note: fc.oneof({ arbitrary: fc.constant('已协调'), weight: 2 }, text),
      unitIds: fc.oneof(fc.constant(undefined), { arbitrary: fc.constant(undefined), weight: 2 }, fc.array(unitId(), { maxLength: 25 }), fc.array(fc.constantFrom(w.units.id(OTHER_STREET), w.units.id(DEPT)), { maxLength: 3 }), text),
    }, { requiredKeys: [] }),
    async (body) => {
      // The district and the centre answer in turn.
      const user = turn++ % 2 ? 'dispatcher' : DISTRICT_USER.handler;
      const res = await send(user, 'POST', `/api/v1/orders/${open.id}/escalation/answer`, { version: open.version, ...body });
      await invariants(open.id);
      if (res.statusCode === 200) {
        accepted.answer = (accepted.answer ?? 0) + 1;
        open = await w.reachEscalated('accepted');
      }
    },
  ), { ...opts, examples: [[{ decision: 'coordinated', note: '已协调' }]] });
  tc.diagnostic(`accepted writes: ${JSON.stringify(accepted)}`);
  assert.ok((accepted.escalate ?? 0) > 0, 'no escalate was ever accepted');
  assert.ok((accepted.answer ?? 0) > 0, 'no answer was ever accepted');
});

test('the duty roster PUT and the gap query survive hostile bodies and queries', async (tc) => {
  tc.diagnostic(`seed ${SEED}`);
  const opts = { seed: SEED, numRuns: RUNS, endOnFailure: true };
  const street = w.units.id(STREET);
  const handlerId = (await w.t.s.db.query<{ id: number }>('select id from users where username = $1', [H])).rows[0].id;
  // Shifts that have not ended at the test clock's now (an ended shift is refused: it stays as it was).
  const now = w.t.clock.now().getTime();
  const good = fc.tuple(fc.date({ min: new Date(now), max: new Date(now + 60 * 86_400_000), noInvalidDate: true }), fc.integer({ min: 1, max: 48 }))
    .map(([a, h]) => ({ startsAt: a.toISOString(), endsAt: new Date(a.getTime() + h * 3_600_000).toISOString() }));
  const contact = fc.oneof(
    { arbitrary: fc.record({ name: maybe(fc.constantFrom('值班员', '王师傅')), phone: fc.constantFrom('13800000001', '0591-87654321') }), weight: 3 },
    { arbitrary: fc.constant({ userId: handlerId }), weight: 2 },
    fc.record({ userId: maybe(unitId()), name: maybe(text), phone: maybe(text) }, { requiredKeys: [] }),
  );
  const slot = fc.oneof(
    { arbitrary: fc.tuple(contact, good).map(([c, t]) => ({ ...c, ...t })), weight: 4 },
    fc.record({ userId: maybe(unitId()), name: maybe(text), phone: maybe(text), startsAt: instant, endsAt: instant, note: maybe(text) }, { requiredKeys: [] }),
  );
  let saved = 0;
  await fc.assert(fc.asyncProperty(
    fc.record({
      defaultContact: fc.oneof({ arbitrary: contact, weight: 3 }, fc.constant(null), text),
      slots: fc.oneof({ arbitrary: fc.array(slot, { maxLength: 6 }), weight: 4 }, text, fc.constant(null)),
    }, { requiredKeys: [] }),
    async (body) => {
      const res = await send(USER_OF_ROLE.unit_leader, 'PUT', `/api/v1/units/${street}/duty`, body as Record<string, unknown>);
      if (res.statusCode === 200) {
        saved++;
        const n = (await w.t.s.db.query<{ n: number }>('select count(*)::int as n from duty_slots where unit_id = $1 and ends_at > $2', [street, w.t.clock.now()])).rows[0].n;
        assert.equal(n, (body.slots as unknown[]).length, 'the saved roster is what was sent');
      }
    },
  ), { ...opts, examples: [[{ defaultContact: { name: '值班员', phone: '13800000001' }, slots: [{ name: '王师傅', phone: '13800000001', startsAt: new Date(now + 3_600_000).toISOString(), endsAt: new Date(now + 9 * 3_600_000).toISOString() }] }]] });
  assert.ok(saved > 0, 'no roster was ever saved');
  await fc.assert(fc.asyncProperty(
    fc.record({ unitId: fc.oneof(fc.constant(String(street)), unitId().map(String)), from: maybe(instant), to: maybe(instant) }, { requiredKeys: [] }),
    async (q) => {
      const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined) as [string, string][]).toString();
      await send('dispatcher', 'GET', `/api/v1/duty/gaps?${qs}`);
      await send('dispatcher', 'GET', `/api/v1/units/${street}/duty?${qs}`);
    },
  ), opts);
});
