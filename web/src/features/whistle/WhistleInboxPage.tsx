// 吹哨任务 — the whistles summoning the user's unit: report-by countdown, report state, the street's rating.
import { useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Segmented from 'antd/es/segmented';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import { api } from '../../app/api';
import { orderHref } from '../../app/router';
import { useI18n } from '../../i18n';
import { fmtDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import type { WhistleTask } from './types';

function state(task: WhistleTask): { key: string; color: string } {
  if (task.missing) return { key: 'whistle.unit.missing', color: 'red' };
  if (task.reportedAt) return task.late ? { key: 'whistle.unit.reportedLate', color: 'orange' } : { key: 'whistle.unit.reported', color: 'green' };
  if (task.status !== 'open') return { key: `whistle.status.${task.status}`, color: 'default' };
  return task.late ? { key: 'whistle.unit.late', color: 'red' } : { key: 'whistle.unit.waiting', color: 'blue' };
}

export default function WhistleInboxPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const { data, loading, error, reload } = useAsync((signal) => api<{ items: WhistleTask[] }>('/whistle/inbox', { signal, query: { status } }), [status]);
  return (
    <Card title={t('whistle.inbox')} data-testid="whistle-inbox"
      extra={<Segmented value={status} onChange={(v) => setStatus(v as 'open' | 'all')} data-testid="whistle-inbox-filter"
        options={[{ value: 'open', label: t('whistle.inbox.open') }, { value: 'all', label: t('whistle.inbox.all') }]} />}>
      {error && <ErrorState error={error} onRetry={reload} />}
      <Table<WhistleTask>
        rowKey={(r) => `${r.whistleId}-${r.unitId}`}
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('whistle.inbox.empty') }}
        onRow={(r) => ({ 'data-testid': `whistle-task-${r.number}`, 'data-state': state(r).key.split('.').pop() } as never)}
        columns={[
          { key: 'order', title: t('whistle.col.order'), render: (_, r) => <a href={orderHref(r.orderId)}>{r.number}</a> },
          { key: 'title', title: t('order.titleField'), dataIndex: 'title', ellipsis: true },
          { key: 'whistler', title: t('whistle.col.whistler'), dataIndex: 'whistlerName' },
          { key: 'unit', title: t('whistle.col.unit'), dataIndex: 'unitName' },
          { key: 'reason', title: t('whistle.col.reason'), dataIndex: 'reason', ellipsis: true },
          { key: 'reportBy', title: t('whistle.col.reportBy'), render: (_, r) => fmtDateTime(r.reportBy) },
          { key: 'state', title: t('whistle.col.state'), render: (_, r) => { const s = state(r); return <Tag color={s.color}>{t(s.key as never)}</Tag>; } },
          { key: 'rating', title: t('whistle.rating'), render: (_, r) => (r.rating ? t(`whistle.score.${r.rating}` as never) : '—') },
          {
            key: 'go', title: '', render: (_, r) => (
              <Button size="small" type={r.status === 'open' && !r.reportedAt ? 'primary' : 'default'} href={orderHref(r.orderId)} data-testid={`whistle-open-${r.number}`}
                disabled={r.status !== 'open'}>
                {r.status === 'open' && !r.reportedAt ? t('whistle.open') : t('whistle.view')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
