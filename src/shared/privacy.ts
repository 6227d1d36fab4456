/** 138****1234: the centre sees full numbers, everyone else this. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\s+/g, '');
  if (digits.length >= 7) return digits.slice(0, 3) + '****' + digits.slice(-4);
  if (digits.length >= 3) return digits.slice(0, 1) + '*'.repeat(digits.length - 2) + digits.slice(-1);
  return '*'.repeat(digits.length);
}
