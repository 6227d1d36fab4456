// How a requester's phone number is shown to anyone outside the 12345 centre (DOMAIN §2): never more
// than the last 4 digits, plus the first 3 of an 11-digit mobile or the area code of a landline; a short
// or odd number shows only its last 2. The masked text is built from scratch (digits, `*`, `-`), so
// nothing of the stored writing — separators, brackets, country code, stray characters — reaches a unit,
// and one number masks the same however it was written (059187654321, 0591-87654321, (0591)87654321,
// +86 591 8765 4321 → 0591-****4321).

const STARS = '****';

/**
 * The national digits of a number: ASCII digits only, without a +86 / 0086 country code; null for a
 * number of another country (+1 …, 00852 …), which the rule treats as odd.
 */
export function nationalDigits(phone: string): { digits: string; foreign: boolean } {
  const digits = phone.replace(/[^0-9]/g, '');
  const international = /^[\s(]*(\+|00)[\s-]*8[\s-]*6/.test(phone);
  if (!international) {
    if (/^[\s(]*(\+|00)/.test(phone)) return { digits, foreign: true };
    // 86 written without + (8613812341234): only unambiguous for a mobile.
    return { digits: /^861[3-9]\d{9}$/.test(digits) ? digits.slice(2) : digits, foreign: false };
  }
  const rest = digits.replace(/^(00)?86/, '');
  // International form drops the trunk 0 of an area code (+86 591 …); put it back.
  return { digits: /^1[3-9]/.test(rest) || rest.startsWith('0') || rest === '' ? rest : `0${rest}`, foreign: false };
}

export type PhoneShape = 'mobile' | 'landline' | 'local' | 'short';

/** Which shape the rule sees, and the digits it may show before the stars. */
export function phoneShape(digits: string): { shape: PhoneShape; prefix: string } {
  if (/^1[3-9]\d{9}$/.test(digits)) return { shape: 'mobile', prefix: digits.slice(0, 3) };
  // Area codes: 010 and 02X are three digits (with 8-digit local numbers), the others 0XXX (7–8 digits).
  const three = /^0[12]\d{9}$/.test(digits);
  const four = /^0[3-9]\d{2}[2-9]\d{6,7}$/.test(digits);
  if (three || four) return { shape: 'landline', prefix: digits.slice(0, three ? 3 : 4) };
  if (/^[2-9]\d{6,7}$/.test(digits)) return { shape: 'local', prefix: '' };
  return { shape: 'short', prefix: '' };
}

/** 138****1234, 0591-****4321, ****4321 (a local landline), ****45 (short or odd); null/'' unchanged. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const { digits, foreign } = nationalDigits(phone);
  const { shape, prefix } = foreign ? { shape: 'short' as const, prefix: '' } : phoneShape(digits);
  switch (shape) {
    case 'mobile':
      return `${prefix}${STARS}${digits.slice(-4)}`;
    case 'landline':
      return `${prefix}-${STARS}${digits.slice(-4)}`;
    case 'local':
      return `${STARS}${digits.slice(-4)}`;
    case 'short':
      // One or two digits in all: showing "the last 2" would show the whole number.
      return digits.length > 2 ? `${STARS}${digits.slice(-2)}` : STARS;
  }
}
