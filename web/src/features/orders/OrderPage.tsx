// The order page: header, content, requester, timeline, assignments, deadlines, attachments and the
// actions the server allows now. A stale version (409) or a live change shows a reload banner.
import { useRef, useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Col from 'antd/es/col';
import Descriptions from 'antd/es/descriptions';
import Row from 'antd/es/row';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import ReloadOutlined from '@ant-design/icons/ReloadOutlined';
import { api } from '../../app/api';
import { useLocation } from '../../app/router';
import { useOrderChanges } from '../../app/stream';
import { useI18n } from '../../i18n';
import { fmtDateTime } from '../../shared/format';
import { ErrorState, Loading } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import type { Order } from '../../shared/types';
import { AssignmentsCard, AttachmentsCard, CallbacksCard, DeadlinesCard, PendingCard } from './OrderCards';
import { OrderActions } from './OrderActions';
import { OrderTimeline } from './OrderTimeline';
import { RequesterCard } from './RequesterCard';
import { WhistlePanel } from '../whistle/WhistlePanel';
import { EscalationPanel } from '../escalation/EscalationPanel';
import { StatusTag, TierTag, WarningTag } from './tags';
import PrinterOutlined from '@ant-design/icons/PrinterOutlined';
import { OrderPrint } from './OrderPrint';
import { InstructionsCard } from '../instructions/InstructionsCard';
import { usePhone } from '../../shared/usePhone';

export default function OrderPage() {
  const { t, te } = useI18n();
  const { segments } = useLocation();
  const id = Number(segments[1]);
  const { data: order, loading, error, reload, setData } = useAsync((signal) => api<Order>(`/orders/${id}`, { signal }), [id]);
  const [stale, setStale] = useState<'conflict' | 'changed' | null>(null);
  const phone = usePhone();
  const wide = !phone;

  const seen = useRef(0);
  seen.current = order?.version ?? 0;
  // The stream also reports our own actions; only a newer version than the one on screen is news.
  useOrderChanges(
    () => {
      api<Order>(`/orders/${id}`)
        .then((o) => { if (o.version > seen.current) setStale((s) => s ?? 'changed'); })
        .catch(() => undefined);
    },
    (c) => c.id === id,
  );

  const refresh = () => { setStale(null); reload(); };

  if (!Number.isInteger(id) || id <= 0) return <Alert type="error" title={t('error.notFound')} />;
  if (error && !order) {
    const back = error.status === 404 ? <Button size="small" href="#/orders">{t('nav.orders')}</Button> : undefined;
    return <ErrorState error={error} onRetry={reload} action={back} />;
  }
  if (!order) return <Loading />;
  if (segments[2] === 'print') return <OrderPrint order={order} />;

  const headerButtons = (
    <Space size={4}>
      <Button icon={<PrinterOutlined />} href={`#/orders/${order.id}/print`} data-testid="order-print" title={t('print.open')} aria-label={t('print.open')}>{wide ? t('print.open') : null}</Button>
      <Button icon={<ReloadOutlined />} onClick={refresh} loading={loading}>{t('common.refresh')}</Button>
    </Space>
  );

  return (
    <Space orientation="vertical" size={phone ? 8 : 16} style={{ width: '100%' }} data-testid="order-page" data-order-id={order.id} data-status={order.status} data-version={order.version}>
      {stale && (
        <Alert
          type={stale === 'conflict' ? 'error' : 'info'}
          showIcon
          data-testid={stale === 'conflict' ? 'conflict-banner' : 'changed-banner'}
          title={stale === 'conflict' ? t('error.conflict') : t('order.changedElsewhere')}
          action={<Button size="small" type="primary" icon={<ReloadOutlined />} onClick={refresh} data-testid="order-reload">{t('common.refresh')}</Button>}
        />
      )}
      <Card
        // On a phone the header wraps (the number is never cut off) and its buttons move into the body.
        styles={phone ? { header: { padding: '8px 12px' }, title: { whiteSpace: 'normal', overflow: 'visible' }, body: { padding: 12 } } : undefined}
        className={phone ? 'minhu-touch' : undefined}
        title={
          <Space wrap size={[8, 4]} style={{ maxWidth: '100%' }}>
            <Typography.Text copyable={{ text: order.number }} strong style={{ fontSize: phone ? 16 : 18, overflowWrap: 'anywhere' }} data-testid="order-page-number">{order.number}</Typography.Text>
            <StatusTag status={order.status} />
            <WarningTag level={order.warning} />
            <TierTag tier={order.tier} />
            {order.supervised && <Tag color="volcano" data-testid="supervised-tag">{t('order.supervised')}</Tag>}
            {order.confidential && <Tag>{t('order.confidential')}</Tag>}
          </Space>
        }
        extra={phone ? undefined : headerButtons}
      >
        {phone && <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>{headerButtons}</div>}
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="order-title">{order.title}</Typography.Title>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={[
          { key: 'type', label: t('order.type'), children: te('type', order.type) },
          { key: 'channel', label: t('order.channel'), children: te('channel', order.channel) },
          { key: 'cat', label: t('order.category'), children: order.categoryName ?? '—' },
          { key: 'unit', label: t('order.mainUnit'), children: <span data-testid="order-main-unit">{order.mainUnitName ?? '—'}</span> },
          { key: 'addr', label: t('order.address'), children: order.address || '—' },
          { key: 'created', label: t('order.createdAt'), children: fmtDateTime(order.createdAt) },
          ...(order.reopenCount ? [{ key: 'reopen', label: t('order.reopenCount'), children: order.reopenCount }] : []),
          ...(order.parentId ? [{ key: 'parent', label: t('order.parent'), children: <a href={`#/orders/${order.parentId}`}>#{order.parentId}</a> }] : []),
          ...(order.tags.length ? [{ key: 'tags', label: t('order.tags'), children: order.tags.map((x) => <Tag key={x}>{x}</Tag>) }] : []),
        ]} />
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12, borderRadius: 4 }} data-testid="order-description">
          {order.description || '—'}
        </Typography.Paragraph>
        <OrderActions order={order} onUpdated={(o) => { setStale(null); setData(o); }} onConflict={() => setStale('conflict')} />
      </Card>
      <Row gutter={phone ? [0, 8] : 16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('order.timeline')}>
            <OrderTimeline events={order.events} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size={phone ? 8 : 16} style={{ width: '100%', marginTop: phone ? 8 : undefined }}>
            <InstructionsCard orderId={order.id} version={order.version} onChanged={reload} />
            <PendingCard order={order} />
            <WhistlePanel order={order} />
            <EscalationPanel order={order} />
            <RequesterCard order={order} />
            <DeadlinesCard order={order} />
            <AssignmentsCard order={order} />
            <CallbacksCard order={order} />
            <AttachmentsCard order={order} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
