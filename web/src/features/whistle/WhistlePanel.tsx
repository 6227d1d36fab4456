// The whistle 吹哨报到 panel of the order page: who was summoned, the report-by countdown, each unit's
// report and the street's rating. Reloads whenever the order's version changes (an action or the sweep).
import Card from 'antd/es/card';
import Empty from 'antd/es/empty';
import List from 'antd/es/list';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { fmtDateTime, fmtDuration, minutesLeft } from '../../shared/format';
import { useAsync } from '../../shared/useAsync';
import { ErrorState } from '../../shared/states';
import type { Order } from '../../shared/types';
import { useNow } from '../orders/tags';
import type { Whistle, WhistleUnit } from './types';

export function unitState(u: WhistleUnit): { key: string; color: string } {
  if (u.missing) return { key: 'whistle.unit.missing', color: 'red' };
  if (u.reportedAt) return u.late ? { key: 'whistle.unit.reportedLate', color: 'orange' } : { key: 'whistle.unit.reported', color: 'green' };
  return u.late ? { key: 'whistle.unit.late', color: 'red' } : { key: 'whistle.unit.waiting', color: 'blue' };
}

function Countdown({ w }: { w: Whistle }) {
  const { t, lang } = useI18n();
  const now = useNow();
  if (w.status !== 'open') return null;
  const left = minutesLeft(w.reportBy, now);
  return (
    <Tag color={left < 0 ? 'red' : left < 60 ? 'orange' : 'green'} data-testid={`whistle-countdown-${w.id}`} data-overdue={left < 0}>
      {left < 0 ? t('whistle.overdue', { left: fmtDuration(left, lang) }) : t('whistle.left', { left: fmtDuration(left, lang) })}
    </Tag>
  );
}

export function WhistlePanel({ order }: { order: Order }) {
  const { t } = useI18n();
  const { data, error, reload } = useAsync((signal) => api<{ items: Whistle[] }>(`/orders/${order.id}/whistles`, { signal }), [order.id, order.version]);
  if (error) return <Card size="small" title={t('whistle.panel')}><ErrorState error={error} onRetry={reload} /></Card>;
  const items = data?.items ?? [];
  if (!items.length && !order.allowedActions.includes('whistle')) return null;
  return (
    <Card size="small" title={t('whistle.panel')} data-testid="whistle-panel">
      {!items.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('whistle.none')} />}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {items.map((w) => (
          <div key={w.id} data-testid={`whistle-${w.id}`} data-status={w.status}>
            <Space wrap>
              <Tag color={w.status === 'open' ? 'processing' : 'default'}>{t(`whistle.status.${w.status}` as never)}</Tag>
              <Typography.Text strong>{t('whistle.by', { unit: w.unitName })}</Typography.Text>
              <Typography.Text type="secondary">{fmtDateTime(w.createdAt)}</Typography.Text>
            </Space>
            <Typography.Paragraph style={{ margin: '4px 0' }}>{w.reason}</Typography.Paragraph>
            <Space wrap>
              <Typography.Text>{t('whistle.reportBy')}: {fmtDateTime(w.reportBy)}</Typography.Text>
              <Countdown w={w} />
            </Space>
            <List
              size="small"
              dataSource={w.units}
              renderItem={(u) => {
                const s = unitState(u);
                return (
                  <List.Item data-testid={`whistle-unit-${u.unitId}`} data-state={s.key.split('.').pop()}>
                    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                      <Space wrap>
                        <Typography.Text strong>{u.unitName}</Typography.Text>
                        <Tag color={s.color}>{t(s.key as never)}</Tag>
                        {u.rating && <Tag color={u.rating === 'unsatisfied' ? 'red' : 'gold'} data-testid={`whistle-rating-${u.unitId}`}>{t('whistle.rating')}: {t(`whistle.score.${u.rating}` as never)}</Tag>}
                      </Space>
                      {u.action && <Typography.Text>{u.action}{u.note ? `（${u.note}）` : ''}</Typography.Text>}
                      {u.reportedAt && (
                        <Typography.Text type="secondary">
                          {fmtDateTime(u.reportedAt)} {u.reportedByName ?? ''} {u.onSiteAt ? t('whistle.onSite', { at: fmtDateTime(u.onSiteAt) }) : ''}
                        </Typography.Text>
                      )}
                      {u.ratingNote && <Typography.Text type="secondary">{u.ratingNote}</Typography.Text>}
                    </Space>
                  </List.Item>
                );
              }}
            />
          </div>
        ))}
      </Space>
    </Card>
  );
}
