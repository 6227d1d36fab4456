// The ranking of one unit type: ranks (ties share one), the three rates, composite, change, category tag.
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useI18n, type MsgKey } from '../../i18n';
import { CATEGORY_COLOR, pct, type Ranking, type RankingItem } from './types';

export function RankingTable({ ranking, onUnit }: { ranking: Ranking; onUnit?: (unitId: number) => void }) {
  const { t } = useI18n();
  // Departments and companies are also scored on whistle reports 吹哨报到 (the server sends whistleScore for them).
  const whistled = ranking.items.some((i) => 'whistleScore' in i);
  return (
    <Table<RankingItem>
      size="small"
      rowKey="unitId"
      data-testid={`ranking-${ranking.unitType}`}
      dataSource={ranking.items}
      pagination={false}
      onRow={(r) => ({ 'data-testid': `ranking-row-${r.unitId}`, 'data-rank': r.rank ?? '' }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('assessment.rank'), dataIndex: 'rank', width: 70, render: (r: number | null) => r ?? <Typography.Text type="secondary">—</Typography.Text> },
        {
          title: t('assessment.unit'), dataIndex: 'unitName',
          render: (n: string, r) => (onUnit ? <a onClick={() => onUnit(r.unitId)} data-testid={`ranking-unit-${r.unitId}`}>{n}</a> : n),
        },
        { title: t('assessment.assessed'), dataIndex: 'assessed', width: 80, render: (n: number, r) => (r.rank === null ? <Typography.Text type="secondary">{t('assessment.unranked')}</Typography.Text> : n) },
        { title: t('assessment.exempted'), dataIndex: 'exempted', width: 70 },
        { title: t('assessment.response'), dataIndex: 'responseRate', width: 90, render: pct },
        { title: t('assessment.resolution'), dataIndex: 'resolutionRate', width: 90, render: pct },
        { title: t('assessment.satisfaction'), dataIndex: 'satisfactionRate', width: 90, render: pct },
        { title: t('assessment.attitude'), dataIndex: 'attitudeRate', width: 80, render: (x: number | null | undefined) => pct(x ?? null) },
        ...(whistled ? [{ title: t('assessment.whistleScore'), dataIndex: 'whistleScore', width: 90, render: (x: number | null | undefined) => <span data-testid="whistle-score">{x == null ? '—' : (x * 100).toFixed(1)}</span> }] : []),
        { title: t('assessment.composite'), dataIndex: 'composite', width: 90, render: (x: number | null) => (x === null ? '—' : (x * 100).toFixed(2)) },
        {
          title: t('assessment.change'), dataIndex: 'change', width: 80,
          render: (x: number | null) => (x === null ? '—' : <span style={{ color: x >= 0 ? '#389e0d' : '#cf1322' }}>{x >= 0 ? '↑' : '↓'}{Math.abs(x * 100).toFixed(2)}</span>),
        },
        {
          title: t('assessment.category'), dataIndex: 'category', width: 90,
          render: (c: string | null) => c && <Tag color={CATEGORY_COLOR[c]} data-testid={`category-${c}`}>{t(`assessment.category.${c}` as MsgKey)}</Tag>,
        },
      ]}
    />
  );
}
