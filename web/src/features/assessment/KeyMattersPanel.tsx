// 关键小事: the key matters the city picks, each ranked on its own categories (per unit type).
import { useState } from 'react';
import Alert from 'antd/es/alert';
import Segmented from 'antd/es/segmented';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { api, isApiError } from '../../app/api';
import { useI18n, type MsgKey } from '../../i18n';
import { ErrorState, Loading } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import { RankingTable } from './RankingTable';
import { UNIT_TYPES, type KeyMatter, type Ranking, type UnitTypeA } from './types';

function MatterRanking({ id, month, type }: { id: number; month: string; type: UnitTypeA }) {
  const { t } = useI18n();
  const { data, error, reload } = useAsync((signal) => api<Ranking>(`/assessment/key-matters/${id}/rankings`, { query: { month, unitType: type }, signal }), [id, month, type]);
  if (error) return isApiError(error) && error.status === 404 ? <Alert type="info" message={t('assessment.notPublished')} /> : <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return <RankingTable ranking={{ ...data, unitType: `${type}-km-${id}` }} />;
}

export function KeyMattersPanel({ month, types }: { month: string; types: UnitTypeA[] }) {
  const { t } = useI18n();
  const { data, error, reload } = useAsync((signal) => api<{ items: KeyMatter[] }>('/assessment/key-matters', { signal }), []);
  const [picked, setPicked] = useState<number | null>(null);
  const [type, setType] = useState<UnitTypeA>(types[0] ?? 'street');
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const active = data.items.filter((k) => k.active);
  if (!active.length) return <Alert type="info" message={t('keyMatter.none')} />;
  const id = picked ?? active[0].id;
  return (
    <div data-testid="key-matters-panel">
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented value={id} onChange={(v) => setPicked(Number(v))} options={active.map((k) => ({ value: k.id, label: <span data-testid={`key-matter-${k.id}`}>{k.name}</span> }))} />
        {types.length > 1 && <Segmented value={type} onChange={(v) => setType(v as UnitTypeA)} options={UNIT_TYPES.filter((u) => types.includes(u)).map((u) => ({ value: u, label: t(`assessment.type.${u}` as MsgKey) }))} />}
        <Tag>{t('keyMatter.hint')}</Tag>
      </Space>
      <MatterRanking id={id} month={month} type={type} />
    </div>
  );
}
