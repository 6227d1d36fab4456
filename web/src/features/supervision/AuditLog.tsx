// 审计日志 — who revealed which requester's phone, when (GET /audit): filters, newest first, "more" pages
// through the server's keyset cursor. Supervisors and admins only (the server enforces it too).
import { useState } from 'react';
import Button from 'antd/es/button';
import DatePicker from 'antd/es/date-picker';
import InputNumber from 'antd/es/input-number';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { api, type ApiError } from '../../app/api';
import { orderHref } from '../../app/router';
import { useI18n } from '../../i18n';
import { ErrorState } from '../../shared/states';
import { fmtDateTimeSec } from '../../shared/format';

// The server's shape, imported as a type only (nothing of the server reaches the bundle).
import type { AuditEntry } from '../../../../src/modules/audit/audit.service';
interface Filters { userId?: number | null; orderId?: number | null; action?: string; range?: [Dayjs | null, Dayjs | null] | null }

export default function AuditLog() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>({ action: 'reveal_phone' });
  const [rows, setRows] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const load = async (before: string | null) => {
    setLoading(true);
    try {
      const page = await api<{ items: AuditEntry[]; next: string | null }>('/audit', {
        query: {
          userId: filters.userId ?? undefined, orderId: filters.orderId ?? undefined, action: filters.action, limit: 50, before: before ?? undefined,
          from: filters.range?.[0]?.startOf('day').format('YYYY-MM-DDTHH:mm:ssZ'), to: filters.range?.[1]?.endOf('day').format('YYYY-MM-DDTHH:mm:ssZ'),
        },
      });
      setRows((prev) => (before ? [...prev, ...page.items] : page.items));
      setNext(page.next);
      setError(null);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setLoading(false);
    }
  };

  return (
    <div data-testid="audit-log">
      <Space wrap style={{ marginBottom: 12 }}>
        <InputNumber min={1} placeholder={t('audit.userId')} value={filters.userId ?? null} onChange={(v) => setFilters({ ...filters, userId: v })} data-testid="audit-user" />
        <InputNumber min={1} placeholder={t('audit.orderId')} value={filters.orderId ?? null} onChange={(v) => setFilters({ ...filters, orderId: v })} data-testid="audit-order" />
        <Select style={{ width: 160 }} allowClear placeholder={t('audit.action')} value={filters.action} onChange={(v) => setFilters({ ...filters, action: v })}
          options={[{ value: 'reveal_phone', label: t('audit.reveal_phone') }, { value: 'search_phone', label: t('audit.search_phone') }]} />
        <DatePicker.RangePicker value={filters.range ?? null} onChange={(range) => setFilters({ ...filters, range: range as Filters['range'] })} />
        <Button type="primary" onClick={() => void load(null)} loading={loading && rows.length === 0} data-testid="audit-search">{t('audit.search')}</Button>
      </Space>
      {error && <ErrorState error={error} onRetry={() => void load(null)} />}
      <Table<AuditEntry>
        size="small"
        rowKey="id"
        dataSource={rows}
        loading={loading}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', width: 180, render: (v: string) => fmtDateTimeSec(v) },
          { title: t('audit.user'), key: 'user', render: (_: unknown, r) => (r.user ? `${r.user.displayName}（${r.user.username}）` : t('audit.system')) },
          { title: t('order.unit'), key: 'unit', render: (_: unknown, r) => r.unit?.name ?? '' },
          { title: t('audit.action'), dataIndex: 'action', width: 120, render: (v: string) => (v === 'reveal_phone' ? t('audit.reveal_phone') : v === 'search_phone' ? t('audit.search_phone') : v) },
          { title: t('audit.order'), key: 'order', render: (_: unknown, r) => (r.order ? <a href={orderHref(r.order.id)}>{r.order.number}</a> : '') },
        ]}
      />
      {next && <Button style={{ marginTop: 12 }} onClick={() => void load(next)} loading={loading} data-testid="audit-more">{t('audit.more')}</Button>}
    </div>
  );
}
