// 部门+行业: each regulator scored together with the companies it regulates (counts pooled), and both parts.
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { ErrorState, Loading } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import { pct, type JointItem } from './types';

const score = (x: number | null) => (x === null ? '—' : (x * 100).toFixed(2));

export function JointPanel({ month }: { month: string }) {
  const { t } = useI18n();
  const { data, error, reload } = useAsync((signal) => api<{ items: JointItem[] }>('/assessment/joint', { query: { month }, signal }), [month]);
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <Table<JointItem>
      size="small" rowKey="unitId" pagination={false} dataSource={data.items} data-testid="joint-ranking"
      expandable={{
        expandedRowRender: (r) => (
          <Table size="small" rowKey="unitId" pagination={false} dataSource={r.companies}
            columns={[
              { title: t('joint.company'), dataIndex: 'unitName', render: (n: string, c) => <>{n} {c.regulatorIsDemo && <Tag>{t('joint.demoLink')}</Tag>}</> },
              { title: t('assessment.assessed'), dataIndex: 'assessed', width: 80 },
              { title: t('assessment.composite'), dataIndex: 'composite', width: 90, render: score },
            ]} />
        ),
      }}
      columns={[
        { title: t('assessment.rank'), dataIndex: 'rank', width: 70 },
        { title: t('joint.regulator'), dataIndex: 'unitName' },
        { title: t('joint.own'), key: 'own', width: 100, render: (_: unknown, r) => score(r.own.composite) },
        { title: t('joint.industry'), key: 'ind', width: 100, render: (_: unknown, r) => score(r.industry.composite) },
        { title: t('joint.joint'), dataIndex: 'composite', width: 100, render: score },
        { title: t('assessment.response'), dataIndex: 'responseRate', width: 90, render: pct },
        { title: t('assessment.resolution'), dataIndex: 'resolutionRate', width: 90, render: pct },
        { title: t('assessment.satisfaction'), dataIndex: 'satisfactionRate', width: 90, render: pct },
      ]}
    />
  );
}
