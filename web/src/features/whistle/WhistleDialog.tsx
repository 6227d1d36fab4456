// 吹哨: summon departments and companies, with a reason and an optional report-by time.
import DatePicker from 'antd/es/date-picker';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n';
import { UnitSelect } from '../../shared/UnitSelect';
import type { Order, Unit } from '../../shared/types';
import { useRunAction } from '../orders/useRunAction';

interface Props { order: Order; onClose(): void; onDone(o: Order): void; onConflict(): void }

const summonable = (u: Unit) => u.type === 'department' || u.type === 'company';

export function WhistleDialog({ order, onClose, onDone, onConflict }: Props) {
  const { t, te } = useI18n();
  const [form] = Form.useForm();
  const { run, busy } = useRunAction({ onDone: (o) => onDone(o), onConflict });
  const submit = (v: { departmentIds: number[]; reason: string; reportBy?: Dayjs }) =>
    void run(order, 'whistle', { departmentIds: v.departmentIds, reason: v.reason.trim(), ...(v.reportBy ? { reportBy: v.reportBy.toISOString() } : {}) });
  return (
    <Modal open title={`${te('action', 'whistle')} · ${order.number}`} okText={te('action', 'whistle')} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden
      okButtonProps={{ loading: busy === 'whistle', 'data-testid': 'action-submit' }} cancelButtonProps={{ 'data-testid': 'action-cancel' }}>
      <div data-testid="action-dialog-whistle">
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="departmentIds" label={t('field.whistleUnits')} rules={[{ required: true, message: t('field.required') }]}>
            <UnitSelect multiple filter={summonable} testId="action-field-departmentIds" />
          </Form.Item>
          <Form.Item name="reason" label={t('field.whistleReason')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="action-field-reason" />
          </Form.Item>
          <Form.Item name="reportBy" label={t('field.reportBy')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="action-field-reportBy" disabledDate={(d: Dayjs) => d.isBefore(new Date(), 'day')} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
