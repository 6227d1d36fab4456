// 兜底单位 (首办负责制): per district, and for the centre (city-level units), the unit an approved return goes to
// when the dispatcher names no new owner (GET/PUT/DELETE /return-fallbacks).
import { useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { useUnits } from '../../shared/resources';
import { ErrorState } from '../../shared/states';
import { UnitSelect } from '../../shared/UnitSelect';
import { useAsync } from '../../shared/useAsync';
import type { Unit } from '../../shared/types';

interface Fallback { scopeUnitId: number; scopeUnitName: string; unitId: number; unitName: string; updatedAt: string }
const OWNER_TYPES = ['street', 'town', 'district', 'department', 'company'];

export function ReturnFallbacks() {
  const { t } = useI18n();
  const { showError, message } = useFeedback();
  const { units } = useUnits();
  const { data, loading, error, reload } = useAsync((signal) => api<{ items: Fallback[] }>('/return-fallbacks', { signal }), []);
  const [busy, setBusy] = useState<number | null>(null);
  const scopes = units.filter((u) => u.type === 'district' || u.type === 'center');
  const byScope = new Map((data?.items ?? []).map((f) => [f.scopeUnitId, f]));
  const save = async (scope: Unit, unitId: number | null) => {
    setBusy(scope.id);
    try {
      if (unitId === null) await api(`/return-fallbacks/${scope.id}`, { method: 'DELETE' });
      else await api(`/return-fallbacks/${scope.id}`, { method: 'PUT', body: { unitId } });
      message.success(t('common.saved'));
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };
  if (error) return <ErrorState error={error} onRetry={reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="return-fallbacks">
      <Alert type="info" showIcon message={t('admin.fallbackHelp')} />
      <Table<Unit>
        size="small"
        rowKey="id"
        loading={loading}
        pagination={false}
        dataSource={scopes}
        scroll={{ x: 560 }}
        columns={[
          { title: t('admin.fallbackScope'), key: 's', render: (_, u) => u.name },
          {
            title: t('admin.fallbackUnit'), key: 'f', render: (_, u) => (
              <UnitSelect
                value={byScope.get(u.id)?.unitId ?? null}
                filter={(x) => OWNER_TYPES.includes(x.type) && x.id !== u.id}
                disabled={busy === u.id}
                testId={`fallback-${u.id}`}
                placeholder={t('admin.fallbackNone')}
                onChange={(v: number | undefined) => void save(u, v ?? null)}
              />
            ),
          },
          {
            title: '', key: 'x', width: 90, render: (_, u) => byScope.has(u.id)
              ? <Button size="small" disabled={busy === u.id} onClick={() => void save(u, null)} data-testid={`fallback-clear-${u.id}`}>{t('admin.fallbackClear')}</Button>
              : null,
          },
        ]}
      />
    </Space>
  );
}
