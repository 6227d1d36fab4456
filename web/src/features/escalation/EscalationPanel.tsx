// The 分级协调 panel of the order page: each coordination request — level, addressed unit, answer-by countdown,
// the answer and the units it assigned. Reloads whenever the order's version changes (an action or the sweep).
import Card from 'antd/es/card';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { fmtDateTime, fmtDuration, minutesLeft } from '../../shared/format';
import { useUnits } from '../../shared/resources';
import { useAsync } from '../../shared/useAsync';
import { ErrorState } from '../../shared/states';
import type { Order } from '../../shared/types';
import { useNow } from '../orders/tags';
import type { Escalation } from './types';

const STATUS_COLOR: Record<string, string> = { open: 'processing', coordinated: 'green', refused: 'red', cancelled: 'default' };

function Countdown({ e }: { e: Escalation }) {
  const { t, lang } = useI18n();
  const now = useNow();
  if (e.status !== 'open') return e.overdue ? <Tag color="red">{t('escalation.overdue')}</Tag> : null;
  const left = minutesLeft(e.answerBy, now);
  return (
    <Tag color={left < 0 ? 'red' : left < 60 ? 'orange' : 'green'} data-testid={`escalation-countdown-${e.id}`} data-overdue={left < 0}>
      {left < 0 ? t('whistle.overdue', { left: fmtDuration(left, lang) }) : t('whistle.left', { left: fmtDuration(left, lang) })}
    </Tag>
  );
}

export function EscalationPanel({ order }: { order: Order }) {
  const { t } = useI18n();
  const { units } = useUnits();
  const { data, error, reload } = useAsync((signal) => api<{ items: Escalation[] }>(`/orders/${order.id}/escalations`, { signal }), [order.id, order.version]);
  if (error) return <Card size="small" title={t('escalation.panel')}><ErrorState error={error} onRetry={reload} /></Card>;
  const items = data?.items ?? [];
  if (!items.length) return null;
  const name = (id: number) => units.find((u) => u.id === id)?.name ?? `#${id}`;
  return (
    <Card size="small" title={t('escalation.panel')} data-testid="escalation-panel">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {items.map((e) => (
          <div key={e.id} data-testid={`escalation-${e.id}`} data-status={e.status}>
            <Space wrap>
              <Tag color={STATUS_COLOR[e.status]}>{t(`escalation.status.${e.status}` as never)}</Tag>
              <Tag>{t(`escalation.level.${e.level}` as never)}</Tag>
              <Typography.Text strong>{t('escalation.to', { from: e.fromUnitName, to: e.toUnitName })}</Typography.Text>
              <Typography.Text type="secondary">{fmtDateTime(e.requestedAt)} {e.requestedByName ?? ''}</Typography.Text>
            </Space>
            <Typography.Paragraph style={{ margin: '4px 0' }}>{e.reason}</Typography.Paragraph>
            <Space wrap>
              <Typography.Text>{t('escalation.answerBy')}: {fmtDateTime(e.answerBy)}</Typography.Text>
              <Countdown e={e} />
            </Space>
            {e.answeredAt && e.decisionNote && (
              <Typography.Paragraph style={{ margin: '4px 0' }} data-testid={`escalation-answer-${e.id}`}>
                {e.decisionNote}
                <Typography.Text type="secondary"> — {e.answeredByName ?? ''} {fmtDateTime(e.answeredAt)}</Typography.Text>
              </Typography.Paragraph>
            )}
            {e.assignedUnitIds.length > 0 && (
              <Space wrap><Typography.Text>{t('escalation.assigned')}:</Typography.Text>{e.assignedUnitIds.map((id) => <Tag key={id}>{name(id)}</Tag>)}</Space>
            )}
          </div>
        ))}
      </Space>
    </Card>
  );
}
