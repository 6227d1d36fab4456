// The masking rule of DOMAIN §2 as properties (fast-check): whatever string is stored as a phone, a unit
// sees at most the last 4 digits, plus the first 3 of an 11-digit mobile or the area code of a landline;
// a short or odd number only its last 2. The same number masks the same however it was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { maskPhone } from '../../src/shared/privacy';

const RUNS = Number(process.env.MINHU_FUZZ_RUNS ?? 2000);
const digitsOf = (s: string) => s.replace(/[^0-9]/g, '');
/** Every digit the output shows, in any script (a full-width ５ or Arabic-Indic ٥ counts too). */
const visible = (s: string) => [...s.matchAll(/\p{Nd}/gu)].map((m) => m[0]).join('');

/** What the rule allows for this input: how many leading and trailing digits may show. */
function allowance(input: string): { lead: number; tail: number } {
  let d = digitsOf(input);
  const intl = /^[\s(]*(\+|00)/.test(input);
  const cn = /^[\s(]*(\+|00)[\s-]*8[\s-]*6/.test(input);
  if (intl && !cn) return { lead: 0, tail: 2 };
  if (cn) d = d.replace(/^(00)?86/, '');
  else if (/^861[3-9]\d{9}$/.test(d)) d = d.slice(2);
  if (/^1[3-9]\d{9}$/.test(d)) return { lead: 3, tail: 4 };
  if (d.length >= 10 && d.length <= 12 && (d.startsWith('0') || cn)) return { lead: d.startsWith('01') || d.startsWith('02') || /^[12]/.test(d) ? 3 : 4, tail: 4 };
  if (/^[2-9]\d{6,7}$/.test(d)) return { lead: 0, tail: 4 };
  return { lead: 0, tail: 2 };
}

const phoneChars = fc.constantFrom(...'0123456789+-() ');
const anyInput = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: phoneChars, maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'０１２３４５６７８９٠١٢٣٤٥６*#转ext.x0123456789'), maxLength: 25 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^(\+86|0086)?[ -]?1[3-9]\d{9}$/) },
  { weight: 2, arbitrary: fc.stringMatching(/^\(?0\d{2,3}\)?[ -]?[2-9]\d{6,7}$/) },
);

test('for any input, the masked phone shows no more digits than the rule allows, and only [0-9*-]', () => {
  fc.assert(
    fc.property(anyInput, (input) => {
      const out = maskPhone(input);
      if (!input) return assert.equal(out, input);
      assert.ok(out !== null);
      assert.match(out, /^[0-9*-]*$/, `${JSON.stringify(input)} → ${out}: only digits, stars and a dash`);
      const shown = visible(out);
      const all = digitsOf(input);
      const { lead, tail } = allowance(input);
      const [, before = '', after = ''] = /^([0-9]*)-?\*+([0-9]*)$/.exec(out) ?? [];
      assert.ok(out.includes('****'), `${JSON.stringify(input)} → ${out}: always masked`);
      assert.equal(before + after, shown);
      assert.ok(before.length <= lead, `${JSON.stringify(input)} → ${out}: ${before.length} leading digits, ${lead} allowed`);
      assert.ok(after.length <= tail, `${JSON.stringify(input)} → ${out}: ${after.length} trailing digits, ${tail} allowed`);
      // What shows is really the number's own head and tail, never the whole number.
      assert.ok(all.endsWith(after), `${JSON.stringify(input)} → ${out}: the tail is not the number's`);
      assert.ok(shown.length < all.length || all.length === 0, `${JSON.stringify(input)} → ${out}: the whole number shows`);
    }),
    { numRuns: RUNS },
  );
});

test('stable: the same input always masks the same, and one number masks the same however it is written', () => {
  const mobile = fc.tuple(fc.constantFrom('13', '15', '17', '18', '19'), fc.stringMatching(/^\d{9}$/)).map(([a, b]) => a + b);
  const landline = fc.tuple(fc.constantFrom('010', '021', '0591', '0755', '0311'), fc.stringMatching(/^[2-9]\d{7}$/)).map(([a, b]) => [a, b] as const);
  const sep = fc.constantFrom('', ' ', '-');
  fc.assert(
    fc.property(mobile, sep, sep, (m, s1, s2) => {
      const want = `${m.slice(0, 3)}****${m.slice(-4)}`;
      for (const w of [m, `${m.slice(0, 3)}${s1}${m.slice(3, 7)}${s2}${m.slice(7)}`, `+86${s1}${m}`, `0086${m}`, `86${m}`, `+86 ${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`]) {
        assert.equal(maskPhone(w), want, w);
        assert.equal(maskPhone(w), maskPhone(w));
      }
    }),
    { numRuns: RUNS / 4 },
  );
  fc.assert(
    fc.property(landline, sep, ([area, local], s) => {
      const want = `${area}-****${local.slice(-4)}`;
      for (const w of [`${area}${local}`, `${area}-${local}`, `(${area})${local}`, `(${area}) ${local}`, `+86${s}${area.slice(1)}${s}${local}`, `0086 ${area.slice(1)} ${local}`]) assert.equal(maskPhone(w), want, w);
    }),
    { numRuns: RUNS / 4 },
  );
});

test('the shapes named in DOMAIN §2 and in issue 9', () => {
  const cases: [string, string][] = [
    ['13812341234', '138****1234'],
    ['8765432', '****5432'], // a 7-digit local number: no longer shown whole
    ['87654321', '****4321'], // an 8-digit landline: 4 hidden, not 1
    ['0591-87654321', '0591-****4321'], // area code + last 4, not 5 of 12 hidden
    ['059187654321', '0591-****4321'],
    ['(0591)87654321', '0591-****4321'],
    ['+86 591 8765 4321', '0591-****4321'],
    ['010-12345678', '010-****5678'],
    ['0591-8765432', '0591-****5432'],
    ['+86 138 1234 1234', '138****1234'],
    ['12345', '****45'],
    ['110', '****10'],
    ['12', '****'],
    ['+1 415 555 2671', '****71'],
    ['13812341234-801', '****01'],
    ['电话：无', '****'],
  ];
  for (const [input, want] of cases) assert.equal(maskPhone(input), want, input);
  assert.equal(maskPhone(null), null);
  assert.equal(maskPhone(''), '');
});
