// 网格巡查 — the grid worker's mobile workbench (390×844 first): report a patrol finding with a photo, the GPS
// position and a category (an order of channel `grid`, in the worker's grid), then today's patrol log and the
// month's grid statistics, and self-handling 自行处置 with verification (SelfHandle.tsx, docs/GRID.md).
import { useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import List from 'antd/es/list';
import Space from 'antd/es/space';
import Statistic from 'antd/es/statistic';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { api } from '../../app/api';
import { orderHref } from '../../app/router';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { fmtDateTime } from '../../shared/format';
import { serverNow } from '../../shared/serverTime';
import { ErrorState } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import { CategorySelect } from '../intake/CategorySelect';
import { StatusTag } from '../orders/tags';
import { SelfHandle } from './SelfHandle';

interface LogItem { orderId: number; number: string; title: string; status: string; address: string; categoryName: string | null; photos: number; createdAt: string }
interface SelfStat { issues: number; closed: number; escalated: number; patrolReports: number; verifyMinutes: number | null }
interface StatItem { unitId: number; unitName: string; reports: number; done: number; open: number; dispatched: number; withPhoto: number }

function PatrolForm({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const { showError, message } = useFeedback();
  const [form] = Form.useForm();
  const [photo, setPhoto] = useState<File | null>(null);
  const [gps, setGps] = useState<{ lat: number; lng: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const locate = () => navigator.geolocation?.getCurrentPosition(
    (p) => setGps({ lat: Math.round(p.coords.latitude * 1e6) / 1e6, lng: Math.round(p.coords.longitude * 1e6) / 1e6 }),
    () => message.warning(t('grid.gpsFailed')),
    { enableHighAccuracy: true, timeout: 10_000 },
  );
  const submit = async (v: { title: string; description?: string; address?: string; categoryId?: number | null }) => {
    setBusy(true);
    try {
      const o = await api<{ id: number; number: string }>('/orders', {
        method: 'POST',
        body: { channel: 'grid', type: 'other', title: v.title.trim(), description: v.description?.trim() ?? '', address: v.address?.trim() ?? '', categoryId: v.categoryId ?? null, location: gps },
      });
      if (photo) await api(`/orders/${o.id}/attachments`, { method: 'POST', query: { filename: photo.name }, raw: { data: photo, contentType: photo.type || 'application/octet-stream' } });
      message.success(t('grid.reported', { number: o.number }));
      form.resetFields();
      setPhoto(null);
      onDone();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('grid.report')} data-testid="grid-report">
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="title" label={t('grid.title')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
          <Input data-testid="grid-title" maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('grid.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} data-testid="grid-description" />
        </Form.Item>
        <Form.Item name="categoryId" label={t('grid.category')}>
          <CategorySelect testId="grid-category" />
        </Form.Item>
        <Form.Item name="address" label={t('grid.address')}>
          <Input data-testid="grid-address" maxLength={500} />
        </Form.Item>
        <Space wrap style={{ marginBottom: 12 }}>
          <Button onClick={locate} data-testid="grid-gps">{t('grid.gps')}</Button>
          {gps && <Tag color="green" data-testid="grid-gps-value">{gps.lat}, {gps.lng}</Tag>}
          <label>
            <input type="file" accept="image/*" capture="environment" style={{ display: 'none' }} data-testid="grid-photo"
              onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} />
            <Button onClick={(e) => (e.currentTarget.previousElementSibling as HTMLInputElement | null)?.click()}>{t('grid.photo')}</Button>
          </label>
          {photo && <Tag data-testid="grid-photo-name">{photo.name}</Tag>}
        </Space>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="grid-submit">{t('grid.submit')}</Button>
      </Form>
    </Card>
  );
}

export default function GridPage() {
  const { t } = useI18n();
  const [tick, setTick] = useState(0);
  const today = dayjs(serverNow()).format('YYYY-MM-DD');
  const log = useAsync((signal) => api<{ items: LogItem[] }>('/grid/log', { query: { date: today }, signal }), [today, tick]);
  const stats = useAsync((signal) => api<{ items: StatItem[] }>('/grid/stats', { query: { month: today.slice(0, 7) }, signal }), [today, tick]);
  const self = useAsync((signal) => api<{ items: SelfStat[] }>('/grid/issues/stats', { query: { month: today.slice(0, 7) }, signal }), [today, tick]);
  const ss = self.data?.items.reduce((a, i) => ({ issues: a.issues + i.issues, closed: a.closed + i.closed, escalated: a.escalated + i.escalated, patrol: a.patrol + i.patrolReports }), { issues: 0, closed: 0, escalated: 0, patrol: 0 });
  const s = stats.data?.items.reduce((a, i) => ({ reports: a.reports + i.reports, done: a.done + i.done, open: a.open + i.open }), { reports: 0, done: 0, open: 0 });
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 480, margin: '0 auto' }} data-testid="grid-page">
      <PatrolForm onDone={() => setTick((n) => n + 1)} />
      <SelfHandle onChange={() => setTick((n) => n + 1)} />
      <Card size="small" title={t('grid.log', { date: today })} data-testid="grid-log">
        {log.error && <ErrorState error={log.error} onRetry={log.reload} />}
        <List
          size="small"
          loading={log.loading}
          dataSource={log.data?.items ?? []}
          locale={{ emptyText: t('grid.logEmpty') }}
          renderItem={(i) => (
            <List.Item data-testid={`grid-log-${i.number}`}>
              <Space orientation="vertical" size={0}>
                <a href={orderHref(i.orderId)}>{i.title}</a>
                <Space wrap size={4}>
                  <StatusTag status={i.status} />
                  {i.photos > 0 && <Tag>{t('grid.photos', { n: i.photos })}</Tag>}
                  <Typography.Text type="secondary">{fmtDateTime(i.createdAt)}</Typography.Text>
                </Space>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('grid.stats')} data-testid="grid-stats">
        {stats.error && <ErrorState error={stats.error} onRetry={stats.reload} />}
        <Space size={24}>
          <Statistic title={t('grid.statReports')} value={s?.reports ?? 0} data-testid="grid-stat-reports" />
          <Statistic title={t('grid.statDone')} value={s?.done ?? 0} />
          <Statistic title={t('grid.statOpen')} value={s?.open ?? 0} />
        </Space>
        <Space size={24} wrap data-testid="grid-self-stats">
          <Statistic title={t('grid.statSelf')} value={ss?.closed ?? 0} suffix={`/ ${ss?.issues ?? 0}`} />
          <Statistic title={t('grid.statShare')} value={ss && ss.issues + ss.patrol ? Math.round((100 * ss.closed) / (ss.issues + ss.patrol)) : 0} suffix="%" />
          <Statistic title={t('grid.statEscalated')} value={ss?.escalated ?? 0} />
        </Space>
      </Card>
    </Space>
  );
}
