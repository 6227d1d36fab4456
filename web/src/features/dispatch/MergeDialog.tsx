// 并单: merge this order into an open parent, picked from the assistant's likely duplicates or found by its
// number (or internal id).
import { useEffect, useState } from 'react';
import Spin from 'antd/es/spin';
import Typography from 'antd/es/typography';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Descriptions from 'antd/es/descriptions';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import { api, isApiError, type ApiError } from '../../app/api';
import { useI18n } from '../../i18n';
import type { Order, OrderSummary, Page } from '../../shared/types';
import type { AssistResult } from '../intake/SuggestionsPanel';
import { StatusTag } from '../orders/tags';
import { useRunAction } from '../orders/useRunAction';
import type { OrderDialogProps } from './DispatchDialog';

/** Finds an order by its 14-digit number (via the q filter) or by id. */
export async function findOrder(ref: string): Promise<OrderSummary | null> {
  const s = ref.trim();
  if (/^\d{9,}$/.test(s)) {
    const page = await api<Page<OrderSummary>>('/orders', { query: { q: s, pageSize: 10 } });
    return page.items.find((o) => o.number === s) ?? null;
  }
  if (/^\d+$/.test(s)) {
    try { return await api<Order>(`/orders/${s}`); } catch (e) { if (isApiError(e) && e.status === 404) return null; throw e; }
  }
  return null;
}

export function MergeDialog({ order, onClose, onDone, onConflict }: OrderDialogProps) {
  const { t } = useI18n();
  const [ref, setRef] = useState('');
  const [parent, setParent] = useState<OrderSummary | null>(null);
  const [lookup, setLookup] = useState<{ busy: boolean; notFound: boolean; error: ApiError | null }>({ busy: false, notFound: false, error: null });
  const { run, busy } = useRunAction({ onDone, onConflict });
  type Candidate = NonNullable<AssistResult['duplicates']>[number];
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);

  // The duplicate candidates of this order (POST /assist, as in the dispatch dialog's suggestions).
  useEffect(() => {
    const ctrl = new AbortController();
    (async () => {
      const full = 'description' in order ? order : await api<Order>(`/orders/${order.id}`, { signal: ctrl.signal });
      const r = await api<AssistResult>('/assist', { method: 'POST', signal: ctrl.signal, body: { title: full.title, description: full.description, address: full.address, ...(full.location ? { location: full.location } : {}), excludeOrderId: full.id } });
      setCandidates((r.duplicates ?? []).filter((d) => d.id !== order.id));
    })().catch(() => setCandidates([]));
    return () => ctrl.abort();
  }, [order]);

  const pick = (d: Candidate) => {
    setRef(d.number);
    setLookup({ busy: false, notFound: false, error: null });
    setParent({ id: d.id, number: d.number, title: d.title, status: d.status, address: d.address ?? '' } as OrderSummary);
  };

  const find = async () => {
    setLookup({ busy: true, notFound: false, error: null });
    setParent(null);
    try {
      const p = await findOrder(ref);
      setParent(p && p.id !== order.id ? p : null);
      setLookup({ busy: false, notFound: !p || p.id === order.id, error: null });
    } catch (e) {
      setLookup({ busy: false, notFound: false, error: isApiError(e) ? e : null });
    }
  };

  return (
    <Modal
      open
      title={`${t('merge.title')} · ${order.number}`}
      okText={t('merge.submit')}
      okButtonProps={{ disabled: !parent, loading: busy === 'merge', 'data-testid': 'merge-submit' }}
      onOk={() => parent && void run(order, 'merge', { parentId: parent.id })}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="merge-dialog">
        <Typography.Text type="secondary">{t('merge.candidates')}</Typography.Text>
        <div data-testid="merge-candidates" role="listbox" aria-label={t('merge.candidates')}
          style={{ margin: '4px 0 12px', maxHeight: 220, overflowY: 'auto', border: '1px solid rgba(5,5,5,0.06)', borderRadius: 6 }}>
          {candidates === null && <div style={{ padding: 12, textAlign: 'center' }}><Spin size="small" /></div>}
          {candidates?.length === 0 && <div style={{ padding: '8px 12px' }}><Typography.Text type="secondary">{t('merge.noCandidates')}</Typography.Text></div>}
          {candidates?.map((d) => (
            <div
              key={d.id}
              role="option"
              tabIndex={0}
              data-testid={`merge-candidate-${d.id}`}
              aria-selected={parent?.id === d.id}
              onClick={() => pick(d)}
              onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(d); } }}
              style={{ cursor: 'pointer', padding: '6px 12px', borderBottom: '1px solid rgba(5,5,5,0.06)', background: parent?.id === d.id ? 'rgba(22,119,255,0.08)' : undefined }}
            >
              <Space size={8} wrap>
                <Typography.Text strong>{d.number}</Typography.Text>
                <span>{d.title}</span>
                <StatusTag status={d.status as OrderSummary['status']} />
              </Space>
            </div>
          ))}
        </div>
        <Typography.Text type="secondary">{t('merge.orType')}</Typography.Text>
        <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
          <Input
            value={ref}
            onChange={(e) => setRef(e.target.value)}
            onPressEnter={() => void find()}
            placeholder={t('merge.placeholder')}
            data-testid="merge-parent"
          />
          <Button onClick={() => void find()} loading={lookup.busy} data-testid="merge-find">{t('merge.find')}</Button>
        </Space.Compact>
        {lookup.notFound && <Alert type="warning" showIcon title={t('merge.notFound')} />}
        {lookup.error && <Alert type="error" showIcon title={lookup.error.userMessage} />}
        {parent && (
          <Descriptions size="small" column={1} bordered data-testid="merge-parent-found" items={[
            { key: 'n', label: t('order.number'), children: parent.number },
            { key: 't', label: t('order.titleField'), children: parent.title },
            { key: 's', label: t('order.status'), children: <StatusTag status={parent.status} /> },
            { key: 'a', label: t('order.address'), children: parent.address || '—' },
          ]} />
        )}
        <Alert style={{ marginTop: 12 }} type="info" title={t('merge.hint')} />
      </div>
    </Modal>
  );
}
