// 协调待办 — coordination requests addressed to the user's unit (a district, a regulator; the centre sees every
// level), with the answer-by time, and this month's counts per requesting unit and level.
import { useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Segmented from 'antd/es/segmented';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import { api } from '../../app/api';
import { orderHref } from '../../app/router';
import { useI18n } from '../../i18n';
import { fmtDateTime } from '../../shared/format';
import { cityZone, serverNow } from '../../shared/serverTime';
import { ErrorState } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import type { EscalationStatRow, EscalationTask } from './types';

const STATUS_COLOR: Record<string, string> = { open: 'processing', coordinated: 'green', refused: 'red', cancelled: 'default' };

export default function EscalationInboxPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const inbox = useAsync((signal) => api<{ items: EscalationTask[] }>('/escalations', { signal, query: { status } }), [status]);
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: cityZone(), year: 'numeric', month: '2-digit' }).format(serverNow()).slice(0, 7);
  const stats = useAsync((signal) => api<{ items: EscalationStatRow[] }>('/escalations/stats', { signal, query: { month } }), [month]);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('escalation.inbox')} data-testid="escalation-inbox"
        extra={<Segmented value={status} onChange={(v) => setStatus(v as 'open' | 'all')} data-testid="escalation-inbox-filter"
          options={[{ value: 'open', label: t('escalation.status.open') }, { value: 'all', label: t('escalation.showAll') }]} />}>
        {inbox.error && <ErrorState error={inbox.error} onRetry={inbox.reload} />}
        <Table<EscalationTask>
          rowKey="id"
          loading={inbox.loading}
          dataSource={inbox.data?.items ?? []}
          pagination={{ pageSize: 20 }}
          locale={{ emptyText: t('escalation.inboxEmpty') }}
          onRow={(r) => ({ 'data-testid': `escalation-task-${r.number}`, 'data-status': r.status } as never)}
          columns={[
            { key: 'order', title: t('escalation.col.order'), render: (_, r) => <a href={orderHref(r.orderId)}>{r.number}</a> },
            { key: 'title', title: t('order.titleField'), dataIndex: 'title', ellipsis: true },
            { key: 'from', title: t('escalation.col.from'), dataIndex: 'fromUnitName' },
            { key: 'level', title: t('escalation.col.level'), render: (_, r) => t(`escalation.level.${r.level}` as never) },
            { key: 'reason', title: t('escalation.col.reason'), dataIndex: 'reason', ellipsis: true },
            { key: 'answerBy', title: t('escalation.answerBy'), render: (_, r) => <>{fmtDateTime(r.answerBy)} {r.overdue && <Tag color="red">{t('escalation.overdue')}</Tag>}</> },
            { key: 'status', title: t('escalation.col.status'), render: (_, r) => <Tag color={STATUS_COLOR[r.status]}>{t(`escalation.status.${r.status}` as never)}</Tag> },
            { key: 'go', title: '', render: (_, r) => <Button size="small" type={r.status === 'open' ? 'primary' : 'default'} href={orderHref(r.orderId)} data-testid={`escalation-open-${r.number}`}>{t('action.escalation/answer')}</Button> },
          ]}
        />
      </Card>
      <Card title={t('escalation.stats')} size="small" data-testid="escalation-stats">
        {stats.error && <ErrorState error={stats.error} onRetry={stats.reload} />}
        <Table<EscalationStatRow>
          rowKey={(r) => `${r.unitId}-${r.level}`}
          size="small"
          loading={stats.loading}
          dataSource={stats.data?.items ?? []}
          pagination={false}
          columns={[
            { key: 'unit', title: t('escalation.col.unit'), dataIndex: 'unitName' },
            { key: 'level', title: t('escalation.col.level'), render: (_, r) => t(`escalation.level.${r.level}` as never) },
            { key: 'requested', title: t('escalation.col.requested'), dataIndex: 'requested' },
            { key: 'coordinated', title: t('escalation.col.coordinated'), dataIndex: 'coordinated' },
            { key: 'refused', title: t('escalation.col.refused'), dataIndex: 'refused' },
            { key: 'open', title: t('escalation.col.open'), dataIndex: 'open' },
            { key: 'overdue', title: t('escalation.col.overdue'), dataIndex: 'overdue' },
          ]}
        />
      </Card>
    </Space>
  );
}
