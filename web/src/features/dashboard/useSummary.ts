// Loads the dashboard summary and the map's areas; refreshes silently when the live stream reports changes.
import { api } from '../../app/api';
import { useOrderChanges } from '../../app/stream';
import { useAsync } from '../../shared/useAsync';
import type { Areas, Summary } from './types';

export interface SummaryParams { unitId?: number; from?: string; to?: string }

export function useSummary(p: SummaryParams) {
  const summary = useAsync((signal) => api<Summary>('/dashboard/summary', { query: { ...p }, signal }), [p.unitId, p.from, p.to]);
  const areas = useAsync((signal) => api<Areas>('/dashboard/areas', { query: { unitId: p.unitId }, signal }), [p.unitId]);
  // A burst of changes (a busy minute) causes one refresh.
  useOrderChanges(() => summary.reload({ silent: true }), undefined, 1500);
  return { summary, areas };
}

export function exportHref(kind: 'xlsx' | 'csv', p: SummaryParams, table?: string): string {
  const q = new URLSearchParams();
  if (p.unitId) q.set('unitId', String(p.unitId));
  if (p.from) q.set('from', p.from);
  if (p.to) q.set('to', p.to);
  if (table) q.set('table', table);
  const s = q.toString();
  return `/api/v1/dashboard/summary.${kind}${s ? `?${s}` : ''}`;
}
