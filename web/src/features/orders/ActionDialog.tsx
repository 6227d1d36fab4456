// A dialog for one order action, its fields taken from ACTION_SPECS.
import { useMemo, type ReactElement } from 'react';
import DatePicker from 'antd/es/date-picker';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import InputNumber from 'antd/es/input-number';
import Modal from 'antd/es/modal';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import type { Dayjs } from 'dayjs';
import { useI18n, type MsgKey } from '../../i18n';
import { descendantsOf, useUnits } from '../../shared/resources';
import { UnitSelect } from '../../shared/UnitSelect';
import type { OrderSummary, Unit } from '../../shared/types';
import { ACTION_SPECS, actionSlug, type ActionField } from './actionSpecs';
import { AttachmentUploader, useUploads } from '../attachments';

/** Units that may own an order after an approved return (as the server's return/approve accepts). */
const OWNER_TYPES = ['street', 'town', 'district', 'department', 'company'];

interface Props {
  order: OrderSummary;
  action: string;
  busy: boolean;
  onSubmit(body: Record<string, unknown>): void;
  onCancel(): void;
}

function LimitInput({ value, onChange }: { value?: { amount?: number; unit?: string }; onChange?: (v: { amount?: number; unit?: string }) => void }) {
  const { te } = useI18n();
  const v = value ?? {};
  return (
    <Space.Compact>
      <InputNumber min={1} max={999} value={v.amount} onChange={(amount) => onChange?.({ ...v, amount: amount ?? undefined })} data-testid="action-field-extra-amount" />
      <Select
        style={{ width: 110 }}
        value={v.unit}
        onChange={(unit) => onChange?.({ ...v, unit })}
        options={['hours', 'workdays'].map((u) => ({ value: u, label: te('limitUnit', u) }))}
        data-testid="action-field-extra-unit"
      />
    </Space.Compact>
  );
}

export function ActionDialog({ order, action, busy, onSubmit, onCancel }: Props) {
  const { t, te } = useI18n();
  const [form] = Form.useForm();
  const spec = ACTION_SPECS[action] ?? { fields: [] };
  const { units } = useUnits();
  const uploads = useUploads();
  const main = order.mainUnitId;
  // Sub-dispatch goes to a community or grid below the main unit.
  const below = useMemo(() => {
    const ids = new Set(main ? descendantsOf(units, main, ['community', 'grid']).map((u) => u.id) : []);
    return (u: Unit) => ids.has(u.id);
  }, [units, main]);

  const field = (f: ActionField) => {
    const rules = f.required ? [{ required: true, message: t('field.required'), ...(f.kind === 'text' ? { whitespace: true } : {}) }] : [];
    const testId = `action-field-${f.name}`;
    let input: ReactElement;
    if (f.kind === 'subunit') input = <UnitSelect filter={below} testId={testId} placeholder={t('field.subUnitHint')} />;
    else if (f.kind === 'owner') input = <UnitSelect filter={(u) => OWNER_TYPES.includes(u.type) && u.id !== main} testId={testId} placeholder={f.placeholder ? t(f.placeholder) : undefined} />;
    else if (f.kind === 'limit') input = <LimitInput />;
    else if (f.kind === 'units') input = <UnitSelect multiple testId={testId} />;
    else if (f.kind === 'choice') input = <Select data-testid={testId} options={(f.choices?.values ?? []).map((v) => ({ value: v, label: t(`${f.choices!.prefix}${v}` as MsgKey) }))} />;
    else if (f.kind === 'date') input = <DatePicker data-testid={testId} disabledDate={(d: Dayjs) => d.isBefore(new Date(), 'day')} />;
    else if (f.kind === 'datetime') input = <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid={testId} />;
    else input = <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} data-testid={testId} placeholder={f.placeholder ? t(f.placeholder) : undefined} />;
    const extraRules = f.kind === 'limit'
      ? [{ validator: (_: unknown, v?: { amount?: number; unit?: string }) => (v?.amount && v.unit ? Promise.resolve() : Promise.reject(new Error(t('field.required')))) }]
      : [];
    return (
      <Form.Item key={f.name} name={f.name} label={t(f.label)} rules={[...rules, ...extraRules]}>
        {input}
      </Form.Item>
    );
  };

  const submit = async (values: Record<string, unknown>) => {
    const body: Record<string, unknown> = {};
    for (const f of spec.fields) {
      const v = values[f.name];
      if (v === undefined || v === null || v === '') continue;
      if (f.kind === 'date') body[f.name] = (v as Dayjs).format('YYYY-MM-DD');
      else if (f.kind === 'datetime') body[f.name] = (v as Dayjs).toISOString();
      else if (typeof v === 'string') body[f.name] = v.trim();
      else if (Array.isArray(v) && v.length === 0) continue;
      else body[f.name] = v;
    }
    // 答复 with files: they go up BEFORE the reply, so the order the reply returns already lists them, and a
    // refused file holds the reply back until it is removed (adding a file does not change the version).
    if (action === 'reply' && (await uploads.uploadAll(order.id)).failed.length) return;
    onSubmit(body);
  };

  return (
    <Modal
      open
      title={`${te('action', action)} · ${order.number}`}
      okText={te('action', action)}
      okButtonProps={{ loading: busy || uploads.busy, danger: spec.danger, 'data-testid': 'action-submit' }}
      cancelButtonProps={{ 'data-testid': 'action-cancel' }}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <div data-testid={`action-dialog-${actionSlug(action)}`}>
      {action === 'subdispatch' && units.length > 0 && main && descendantsOf(units, main, ['community', 'grid']).length === 0 && (
        <div style={{ color: '#d46b08', marginBottom: 8 }}>{t('field.subUnitNone')}</div>
      )}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={action === 'extension' ? { extra: { amount: 3, unit: 'workdays' } } : undefined}>
        {spec.fields.map(field)}
        {action === 'reply' && <Form.Item label={t('attach.replyLabel')}><AttachmentUploader uploads={uploads} testId="reply-attach" errorHint={t('attach.replyBlocked')} /></Form.Item>}
      </Form>
      </div>
    </Modal>
  );
}
