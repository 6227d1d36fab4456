import type { happy as zh } from '../zh/happy';

export const happy: Record<keyof typeof zh, string> = {
  'nav.happyCodes': 'QR codes',
  'happy.intro': 'One QR code per community and grid: residents scan it to report a problem, already located. Download the A4 pages to print; replace a code that was covered or misused (the old one stops working).',
  'happy.sheet': 'A4 page {page}',
  'happy.unit': 'Community / grid',
  'happy.code': 'Code',
  'happy.since': 'Since',
  'happy.rotate': 'Replace',
  'happy.rotateTitle': 'Replace the code of {unit}',
  'happy.rotateHint': 'The old code stops working at once; residents scanning it are told so. Print and post the new one.',
  'happy.reason': 'Reason (required, audited)',
  'happy.none': 'QR codes are managed by the staff of a street or town (and its district) and by admins; your unit has none to manage.',
  'happy.rotated': 'Replaced; print the new code',
};
