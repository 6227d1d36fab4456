// Small tags shared by lists and the order page: status, warning level with a live countdown, tier.
import { useEffect, useState } from 'react';
import Tag from 'antd/es/tag';
import Tooltip from 'antd/es/tooltip';
import { useI18n } from '../../i18n';
import { deadlineCountdown, fmtDateTime, fmtDuration, statusColor, warningColor } from '../../shared/format';
import { serverNow } from '../../shared/serverTime';
import type { Warning } from '../../shared/types';

let now = serverNow();
const subscribers = new Set<(n: number) => void>();
let timer: ReturnType<typeof setInterval> | null = null;

/** One shared 30 s ticker for all countdowns on screen. */
export function useNow(): number {
  const [n, setN] = useState(now);
  useEffect(() => {
    subscribers.add(setN);
    if (!timer) timer = setInterval(() => { now = serverNow(); subscribers.forEach((s) => s(now)); }, 30_000);
    return () => {
      subscribers.delete(setN);
      if (subscribers.size === 0 && timer) { clearInterval(timer); timer = null; }
    };
  }, []);
  return n;
}

export function StatusTag({ status }: { status: string }) {
  const { te } = useI18n();
  return <Tag color={statusColor[status] ?? 'default'} data-testid="status-tag" data-status={status}>{te('status', status)}</Tag>;
}

export function TierTag({ tier }: { tier: number | null | undefined }) {
  const { te } = useI18n();
  if (!tier) return null;
  const color = tier === 1 ? 'red' : tier === 2 ? 'orange' : tier === 4 ? 'purple' : 'default';
  return <Tag color={color}>{te('tier', tier)}</Tag>;
}

/**
 * Deadline countdown with a green/yellow/red tag. The level comes from the server (`warning`); when it is
 * missing the console derives red from an overdue time, so the colour never lies about an overdue order.
 */
export function DeadlineTag({ dueAt, level, testId, provisionalYear }: { dueAt: string | null; level: Warning | null; testId?: string; provisionalYear?: number | null }) {
  const { t, lang } = useI18n();
  const n = useNow();
  if (!dueAt) return <span style={{ color: '#bbb' }}>—</span>;
  // Past the deadline (even by seconds) the tag says by how much it is overdue (超时 2小时), never "剩 0分".
  const c = deadlineCountdown(dueAt, n);
  const lv: Warning = c.overdue ? 'red' : level ?? 'green';
  const text = t(c.overdue ? 'deadline.overdue' : 'deadline.left', { d: fmtDuration(c.minutes, lang) });
  const provisional = provisionalYear != null;
  return (
    <Tooltip title={`${t('deadline.due')} ${fmtDateTime(dueAt)}${provisional ? ` · ${t('deadline.provisionalHint', { year: provisionalYear })}` : ''}`}>
      <Tag color={warningColor[lv]} data-testid={testId ?? 'deadline-tag'} data-level={lv} data-provisional={provisional ? 'true' : 'false'}>
        {text}{provisional ? ` · ${t('deadline.provisional')}` : ''}
      </Tag>
    </Tooltip>
  );
}

export function WarningTag({ level }: { level: Warning | null }) {
  const { te } = useI18n();
  if (!level) return null;
  return <Tag color={warningColor[level]} data-level={level}>{te('warning', level)}</Tag>;
}
