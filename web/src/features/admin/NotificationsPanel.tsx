// 通知 — the outbox (GET /notifications with filters, newest first) and retry of dead letters.
import { useState } from 'react';
import Button from 'antd/es/button';
import InputNumber from 'antd/es/input-number';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Tooltip from 'antd/es/tooltip';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { fmtDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';

interface Notification {
  id: number; key: string; channel: 'sms' | 'unit'; audience: string; recipient: string; template: string; body: string;
  orderId: number | null; orderNumber: string | null; status: 'pending' | 'sent' | 'dead'; attempts: number; nextTryAt: string;
  lastError: string | null; createdAt: string; sentAt: string | null;
}
type Page = { items: Notification[]; nextBefore: number | null };
const STATUS_COLOR = { pending: 'blue', sent: 'green', dead: 'red' } as const;

export function NotificationsPanel() {
  const { t } = useI18n();
  const { showError, message } = useFeedback();
  const [status, setStatus] = useState<string>('');
  const [channel, setChannel] = useState<string>('');
  const [orderId, setOrderId] = useState<number | null>(null);
  const [before, setBefore] = useState<number[]>([]);
  const cursor = before[before.length - 1];
  const query = new URLSearchParams({ limit: '50', ...(status && { status }), ...(channel && { channel }), ...(orderId && { orderId: String(orderId) }), ...(cursor && { before: String(cursor) }) });
  const { data, loading, error, reload } = useAsync((signal) => api<Page>(`/notifications?${query}`, { signal }), [query.toString()]);
  const filter = <T,>(set: (v: T) => void) => (v: T) => { setBefore([]); set(v); };

  const retry = async (id: number) => {
    try {
      await api(`/notifications/${id}/retry`, { method: 'POST' });
      message.success(t('admin.notifyRetried'));
      reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }} data-testid="notify-filters">
        <Select style={{ width: 160 }} value={status} onChange={filter(setStatus)} data-testid="notify-status"
          options={[{ value: '', label: t('admin.notifyAll') }, ...(['pending', 'sent', 'dead'] as const).map((s) => ({ value: s, label: t(`admin.notify.${s}`) }))]} />
        <Select style={{ width: 160 }} value={channel} onChange={filter(setChannel)} data-testid="notify-channel"
          options={[{ value: '', label: t('admin.notifyAll') }, ...(['sms', 'unit'] as const).map((c) => ({ value: c, label: t(`admin.notify.${c}`) }))]} />
        <InputNumber min={1} placeholder={t('admin.notifyOrder')} value={orderId} onChange={filter((v: number | null) => setOrderId(v))} data-testid="notify-order" />
      </Space>
      {error && <ErrorState error={error} onRetry={reload} />}
      <Table<Notification>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={false}
        data-testid="notify-table"
        columns={[
          { title: t('admin.notifyCreated'), dataIndex: 'createdAt', render: fmtDateTime, width: 140 },
          { title: t('admin.notifyStatus'), dataIndex: 'status', render: (s: Notification['status']) => <Tag color={STATUS_COLOR[s]}>{t(`admin.notify.${s}`)}</Tag> },
          { title: t('admin.notifyChannel'), dataIndex: 'channel', render: (c: Notification['channel']) => t(`admin.notify.${c}`) },
          { title: t('admin.notifyRecipient'), dataIndex: 'recipient' },
          { title: t('admin.notifyTemplate'), dataIndex: 'template' },
          { title: t('admin.notifyBody'), dataIndex: 'body', ellipsis: { showTitle: false }, render: (b: string) => <Tooltip title={b}>{b}</Tooltip> },
          { title: t('admin.notifyOrder'), dataIndex: 'orderNumber', render: (n: string | null) => n ?? '—' },
          { title: t('admin.notifyAttempts'), dataIndex: 'attempts' },
          { title: t('admin.notifyNextTry'), key: 'next', render: (_, n) => (n.status === 'pending' ? fmtDateTime(n.nextTryAt) : fmtDateTime(n.sentAt)) },
          { title: t('admin.notifyError'), dataIndex: 'lastError', ellipsis: true, render: (e: string | null) => e ?? '' },
          { title: '', key: 'retry', render: (_, n) => n.status === 'dead' && <Button size="small" onClick={() => retry(n.id)} data-testid={`notify-retry-${n.id}`}>{t('admin.notifyRetry')}</Button> },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        {before.length > 0 && <Button onClick={() => setBefore(before.slice(0, -1))}>←</Button>}
        {data?.nextBefore && <Button onClick={() => setBefore([...before, data.nextBefore!])} data-testid="notify-more">{t('admin.notifyMore')}</Button>}
      </Space>
    </>
  );
}
