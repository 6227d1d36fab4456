// Bulk dispatch: the selected registered orders all go to one unit, one request each (every order keeps
// its own version check); the result lists what failed and why.
import { useState } from 'react';
import Alert from 'antd/es/alert';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Progress from 'antd/es/progress';
import { isApiError, orderAction } from '../../app/api';
import { useI18n } from '../../i18n';
import { UnitSelect } from '../../shared/UnitSelect';
import type { OrderSummary } from '../../shared/types';
import { CategorySelect } from '../intake/CategorySelect';

interface Props { orders: OrderSummary[]; onClose(): void; onFinished(): void }
interface Failure { number: string; message: string }
interface Values { mainUnitId: number; categoryId?: number | null; note?: string }

export function BulkDispatchDialog({ orders: selected, onClose, onFinished }: Props) {
  const { t } = useI18n();
  // A snapshot: the list behind the dialog refreshes (and drops its selection) while this runs.
  const [orders] = useState(selected);
  const [form] = Form.useForm<Values>();
  const [progress, setProgress] = useState<{ done: number; failures: Failure[] } | null>(null);
  const running = progress !== null && progress.done < orders.length;

  const start = async (v: Values) => {
    const failures: Failure[] = [];
    setProgress({ done: 0, failures });
    for (let i = 0; i < orders.length; i++) {
      const o = orders[i];
      try {
        // The chosen category fills in only where registration left it empty (a dispatch names a leaf).
        const categoryId = o.categoryId ?? v.categoryId ?? null;
        await orderAction(o.id, 'dispatch', o.version, { mainUnitId: v.mainUnitId, tier: o.tier, ...(categoryId ? { categoryId } : {}), ...(v.note?.trim() ? { note: v.note.trim() } : {}) });
      } catch (e) {
        failures.push({ number: o.number, message: isApiError(e) ? e.userMessage : String(e) });
      }
      setProgress({ done: i + 1, failures: [...failures] });
    }
    onFinished();
  };

  const finished = progress !== null && !running;
  return (
    <Modal
      open
      title={t('dispatch.bulkTitle', { n: orders.length })}
      okText={finished ? t('common.close') : t('dispatch.submit')}
      okButtonProps={{ loading: running, 'data-testid': 'bulk-dispatch-submit' }}
      cancelButtonProps={{ disabled: running, style: finished ? { display: 'none' } : undefined }}
      onOk={() => (finished ? onClose() : form.submit())}
      onCancel={() => !running && onClose()}
      destroyOnHidden
    >
      <div data-testid="bulk-dispatch-dialog">
        <div style={{ marginBottom: 12, color: '#666' }}>{orders.map((o) => o.number).join('，')}</div>
        <Form form={form} layout="vertical" onFinish={start} disabled={progress !== null}>
          <Form.Item name="mainUnitId" label={t('dispatch.mainUnit')} rules={[{ required: true, message: t('dispatch.mainUnitRequired') }]}>
            <UnitSelect testId="bulk-dispatch-unit" />
          </Form.Item>
          {orders.some((o) => o.categoryId == null) && (
            <Form.Item name="categoryId" label={t('order.category')} extra={t('dispatch.bulkCategoryHint')}
              rules={[{ required: true, message: t('dispatch.categoryRequired') }]}>
              <CategorySelect testId="bulk-dispatch-category" />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('field.note')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
        </Form>
        {progress && <Progress percent={Math.round((progress.done / orders.length) * 100)} status={progress.failures.length ? 'exception' : undefined} />}
        {finished && (
          <Alert
            data-testid="bulk-dispatch-result"
            type={progress.failures.length ? 'warning' : 'success'}
            showIcon
            title={t('dispatch.bulkResult', { ok: orders.length - progress.failures.length, failed: progress.failures.length })}
            description={progress.failures.map((f) => <div key={f.number}>{f.number}: {f.message}</div>)}
          />
        )}
      </div>
    </Modal>
  );
}
