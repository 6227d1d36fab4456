// Date and duration formatting shared by the workbenches.
import dayjs from 'dayjs';
import type { OrderSummary } from './types';

export const fmtDateTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
export const fmtDate = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD') : '—');

/** Whole minutes between now and `iso`; negative when the moment has passed. */
export function minutesLeft(iso: string, now = Date.now()): number {
  return Math.round((new Date(iso).getTime() - now) / 60000);
}

/** Compact duration like "2天3小时", "45分" / "2d 3h", "45m". */
export function fmtDuration(totalMinutes: number, lang: 'zh' | 'en'): string {
  const m = Math.abs(totalMinutes);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  const u = lang === 'zh' ? { d: '天', h: '小时', m: '分' } : { d: 'd ', h: 'h ', m: 'm' };
  if (d > 0) return `${d}${u.d}${h}${u.h}`.trim();
  if (h > 0) return `${h}${u.h}${min}${u.m}`.trim();
  return `${min}${u.m}`;
}

/** The deadline that matters now for a row: sign while waiting for sign, else resolution. */
export function currentDueAt(o: Pick<OrderSummary, 'status' | 'signDueAt' | 'resolveDueAt'>): string | null {
  if (o.status === 'dispatched') return o.signDueAt;
  if (['accepted', 'reopened', 'return_requested'].includes(o.status)) return o.resolveDueAt;
  return null;
}

export const warningColor: Record<string, string> = { green: 'green', yellow: 'gold', red: 'red' };

export const statusColor: Record<string, string> = {
  registered: 'blue', answered: 'cyan', dispatched: 'geekblue', accepted: 'processing', return_requested: 'orange',
  replied: 'purple', reopened: 'magenta', closed: 'default', merged: 'default', invalid: 'default', listed: 'gold',
};

export function isPhoneLike(s: string): boolean {
  return /^\+?[\d\- ]{7,}$/.test(s.trim());
}
