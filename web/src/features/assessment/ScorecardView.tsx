// One unit's scorecard 考核单: figures, a 12-month trend, and the orders behind every lost point.
import { lazy, Suspense, useEffect, useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import { api } from '../../app/api';
import { orderHref } from '../../app/router';
import { useI18n, type MsgKey } from '../../i18n';
import { ErrorState, Loading } from '../../shared/states';
import { fmtDateTime } from '../../shared/format';
import { useAsync } from '../../shared/useAsync';
import { useFeedback } from '../../shared/feedback';
import { CATEGORY_COLOR, pct, type LostKind, type LostOrder, type LostPage, type Scorecard } from './types';

const TrendChart = lazy(() => import('./TrendChart'));
const KINDS: LostKind[] = ['lateContact', 'unresolved', 'unsatisfied', 'exempted'];
const PAGE = 100;

export function ScorecardView({ unitId, month }: { unitId: number; month: string }) {
  const { t, te } = useI18n();
  const { data, error, reload } = useAsync((signal) => api<Scorecard>(`/assessment/units/${unitId}`, { query: { month }, signal }), [unitId, month]);
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const c = data.current;
  return (
    <div data-testid={`scorecard-${unitId}`}>
      <Descriptions size="small" bordered column={4} title={`${data.unit.name} · ${t('assessment.scorecard')} · ${month}`}>
        <Descriptions.Item label={t('assessment.rank')}>{c?.rank ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.composite')}>{c?.composite == null ? '—' : (c.composite * 100).toFixed(2)}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.category')}>{c?.category ? <Tag color={CATEGORY_COLOR[c.category]}>{t(`assessment.category.${c.category}` as MsgKey)}</Tag> : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.assessed')}>{c?.assessed ?? 0}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.response')}>{pct(c?.responseRate ?? null)}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.resolution')}>{pct(c?.resolutionRate ?? null)}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.satisfaction')}>{pct(c?.satisfactionRate ?? null)}</Descriptions.Item>
        <Descriptions.Item label={t('assessment.exempted')}>{c?.exempted ?? 0}</Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('assessment.trend')} style={{ marginTop: 12 }}>
        <Suspense fallback={<Loading />}>
          <TrendChart points={data.trend} height={140} />
        </Suspense>
      </Card>
      {KINDS.map((k) => <LostCard key={k} unitId={unitId} month={month} kind={k} first={data.lost[k]} total={data.lostTotals[k]} />)}
    </div>
  );
}

/** One kind of lost point: the scorecard's first orders, the total, and the rest page by page. */
function LostCard({ unitId, month, kind, first, total }: { unitId: number; month: string; kind: LostKind; first: LostOrder[]; total: number }) {
  const { t, te } = useI18n();
  const { showError } = useFeedback();
  const [items, setItems] = useState(first);
  const [loading, setLoading] = useState(false);
  useEffect(() => setItems(first), [first]);
  const more = async () => {
    setLoading(true);
    try {
      const page = await api<LostPage>(`/assessment/units/${unitId}/lost`, { query: { month, kind, after: items[items.length - 1]?.orderId, limit: PAGE } });
      setItems((xs) => [...xs, ...page.items]);
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  };
  const rest = total - items.length;
  return (
    <Card size="small" style={{ marginTop: 12 }} title={`${t(`assessment.lost.${kind}` as MsgKey)} (${total})`} className="assessment-lost"
      extra={rest > 0 ? <span data-testid={`lost-shown-${kind}`}>{t('assessment.lost.shown', { shown: items.length, total })}</span> : null}>
      <Table<LostOrder>
        size="small" rowKey="orderId" pagination={false} data-testid={`lost-${kind}`} dataSource={items} locale={{ emptyText: t('assessment.noLost') }}
        columns={[
          { title: t('assessment.order'), dataIndex: 'number', width: 170, render: (n: string, o) => <a href={orderHref(o.orderId)} data-testid={`lost-order-${o.number}`}>{n}</a> },
          { title: '', dataIndex: 'title' },
          { title: '', dataIndex: 'endedAt', width: 150, render: fmtDateTime },
          { title: '', width: 160, render: (_: unknown, o) => [o.resolution && te('resolution', o.resolution), o.satisfaction && te('satisfaction', o.satisfaction), o.exemptionReason && t(`assessment.reason.${o.exemptionReason}` as MsgKey)].filter(Boolean).join(' · ') },
        ]}
      />
      {rest > 0 && (
        <Button size="small" style={{ marginTop: 8 }} loading={loading} onClick={more} data-testid={`lost-more-${kind}`} className="no-print">
          {t('assessment.lost.more', { n: Math.min(rest, PAGE) })}
        </Button>
      )}
    </Card>
  );
}
