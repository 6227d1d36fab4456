// The deadlines an order would get if dispatched now at this tier (GET /sla/preview).
import Descriptions from 'antd/es/descriptions';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { fmtDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import type { SlaPreview as Preview } from '../../shared/types';

export function SlaPreview({ tier }: { tier: number | null | undefined }) {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync(
    (signal) => api<Preview>('/sla/preview', { query: { tier: tier ?? 3 }, signal }),
    [tier],
  );
  if (error) return <ErrorState error={error} onRetry={reload} />;
  return (
    <Descriptions
      size="small"
      column={3}
      bordered
      data-testid="sla-preview"
      title={t('dispatch.preview')}
      items={[
        { key: 's', label: t('deadline.sign'), children: loading && !data ? '…' : fmtDateTime(data?.signDueAt) },
        { key: 'c', label: t('deadline.contact'), children: loading && !data ? '…' : fmtDateTime(data?.contactDueAt) },
        { key: 'r', label: t('deadline.resolve'), children: loading && !data ? '…' : <span data-testid="sla-preview-resolve" data-provisional={data?.provisional.resolve ? 'true' : 'false'}>
          {fmtDateTime(data?.resolveDueAt)}{data?.provisional.resolve ? ` · ${t('deadline.provisional')}` : ''}
        </span> },
      ]}
    />
  );
}
