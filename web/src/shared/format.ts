// Date and duration formatting shared by the workbenches.
import type { OrderSummary } from './types';
import { cityZone, serverNow } from './serverTime';
import { CLOCKED_STATES } from '../../../src/modules/orders/lifecycle';

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Date and time parts in the city's zone (whatever the browser's zone is), e.g. {y: '2026', mo: '12', d: '01', h: '23', mi: '59'}. */
function cityParts(iso: string): Record<'y' | 'mo' | 'd' | 'h' | 'mi' | 's', string> | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const zone = cityZone();
  const key = zone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(key, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

/** 2026-12-01 23:59 in the city's time zone (MINHU_TIMEZONE). */
export const fmtDateTime = (iso: string | null | undefined) => {
  const p = iso ? cityParts(iso) : null;
  return p ? `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}` : '—';
};
/** With seconds (the audit log). */
export const fmtDateTimeSec = (iso: string | null | undefined) => {
  const p = iso ? cityParts(iso) : null;
  return p ? `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}` : '—';
};
export const fmtDate = (iso: string | null | undefined) => {
  const p = iso ? cityParts(iso) : null;
  return p ? `${p.y}-${p.mo}-${p.d}` : '—';
};

/** Whole minutes between now and `iso`; negative when the moment has passed. */
export function minutesLeft(iso: string, now = serverNow()): number {
  return Math.round((new Date(iso).getTime() - now) / 60000);
}

/** Compact duration like "2天3小时", "45分" / "2d 3h", "45m". */
export function fmtDuration(totalMinutes: number, lang: 'zh' | 'en'): string {
  const m = Math.abs(totalMinutes);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  const u = lang === 'zh' ? { d: '天', h: '小时', m: '分' } : { d: 'd ', h: 'h ', m: 'm' };
  if (d > 0) return (h ? `${d}${u.d}${h}${u.h}` : `${d}${u.d}`).trim();
  if (h > 0) return (min ? `${h}${u.h}${min}${u.m}` : `${h}${u.h}`).trim();
  return `${min}${u.m}`;
}

/**
 * A deadline seen at `nowMs`: overdue from the first second past it (then whole minutes overdue, at least 1), else
 * the minutes left rounded up (at least 1) — so a tag never reads "剩 0分" around the deadline.
 */
export function deadlineCountdown(dueAt: string, nowMs: number): { overdue: boolean; minutes: number } {
  const ms = new Date(dueAt).getTime() - nowMs;
  return ms <= 0 ? { overdue: true, minutes: Math.max(1, Math.floor(-ms / 60_000)) } : { overdue: false, minutes: Math.max(1, Math.ceil(ms / 60_000)) };
}

/** The deadline that matters now for a row: sign while waiting for sign, else resolution. */
export function currentDueAt(o: Pick<OrderSummary, 'status' | 'signDueAt' | 'resolveDueAt'>): string | null {
  if (o.status === 'dispatched') return o.signDueAt;
  if ((CLOCKED_STATES as readonly string[]).includes(o.status)) return o.resolveDueAt;
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
