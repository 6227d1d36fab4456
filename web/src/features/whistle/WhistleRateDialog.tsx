// 评价报到: one rating per summoned unit of the open whistle; submitting closes the whistle.
import { useState } from 'react';
import Input from 'antd/es/input';
import List from 'antd/es/list';
import Modal from 'antd/es/modal';
import Radio from 'antd/es/radio';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useAsync } from '../../shared/useAsync';
import { ErrorState, Loading } from '../../shared/states';
import type { Order } from '../../shared/types';
import { useRunAction } from '../orders/useRunAction';
import { unitState } from './WhistlePanel';
import type { Whistle, WhistleScore } from './types';

interface Props { order: Order; onClose(): void; onDone(o: Order): void; onConflict(): void }
const SCORES: WhistleScore[] = ['satisfied', 'basically', 'unsatisfied'];

export function WhistleRateDialog({ order, onClose, onDone, onConflict }: Props) {
  const { t, te } = useI18n();
  const { data, error, reload } = useAsync((signal) => api<{ items: Whistle[] }>(`/orders/${order.id}/whistles`, { signal }), [order.id]);
  const [ratings, setRatings] = useState<Record<number, { score?: WhistleScore; note?: string }>>({});
  const { run, busy } = useRunAction({ onDone: (o) => onDone(o), onConflict });
  const open = data?.items.find((w) => w.status === 'open');
  const complete = !!open && open.units.every((u) => ratings[u.unitId]?.score);
  const submit = () => {
    if (!open || !complete) return;
    void run(order, 'whistle/rate', { ratings: open.units.map((u) => ({ unitId: u.unitId, score: ratings[u.unitId].score, ...(ratings[u.unitId].note?.trim() ? { note: ratings[u.unitId].note!.trim() } : {}) })) });
  };
  return (
    <Modal open title={`${te('action', 'whistle/rate')} · ${order.number}`} okText={te('action', 'whistle/rate')} onOk={submit} onCancel={onClose} destroyOnHidden
      okButtonProps={{ loading: busy === 'whistle/rate', disabled: !complete, 'data-testid': 'action-submit' }} cancelButtonProps={{ 'data-testid': 'action-cancel' }}>
      <div data-testid="action-dialog-whistle-rate">
        {error && <ErrorState error={error} onRetry={reload} />}
        {!data && !error && <Loading />}
        {open && (
          <List
            dataSource={open.units}
            renderItem={(u) => {
              const s = unitState(u);
              return (
                <List.Item data-testid={`rate-unit-${u.unitId}`}>
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    <Space wrap><Typography.Text strong>{u.unitName}</Typography.Text><Tag color={s.color}>{t(s.key as never)}</Tag></Space>
                    {u.action && <Typography.Text type="secondary">{u.action}</Typography.Text>}
                    <Radio.Group
                      value={ratings[u.unitId]?.score}
                      onChange={(e) => setRatings((r) => ({ ...r, [u.unitId]: { ...r[u.unitId], score: e.target.value } }))}
                      data-testid={`rate-score-${u.unitId}`}
                    >
                      {SCORES.map((sc) => <Radio key={sc} value={sc} data-testid={`rate-score-${u.unitId}-${sc}`}>{t(`whistle.score.${sc}` as never)}</Radio>)}
                    </Radio.Group>
                    <Input placeholder={t('whistle.rateNote')} maxLength={500} value={ratings[u.unitId]?.note ?? ''}
                      onChange={(e) => setRatings((r) => ({ ...r, [u.unitId]: { ...r[u.unitId], note: e.target.value } }))} data-testid={`rate-note-${u.unitId}`} />
                  </Space>
                </List.Item>
              );
            }}
          />
        )}
      </div>
    </Modal>
  );
}
