// 派单: main unit, co-handlers, copy, category, tier and a preview of the deadlines that will apply.
import { useEffect, useState } from 'react';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Select from 'antd/es/select';
import Typography from 'antd/es/typography';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useCatalog, useUnits } from '../../shared/resources';
import { UnitSelect } from '../../shared/UnitSelect';
import type { Category, Order, OrderSummary, Unit } from '../../shared/types';
import { CategorySelect } from '../intake/CategorySelect';
import { SuggestionsPanel } from '../intake/SuggestionsPanel';
import { useRunAction } from '../orders/useRunAction';
import { SlaPreview } from './SlaPreview';

export interface OrderDialogProps {
  order: OrderSummary | Order;
  onClose(): void;
  onDone(o: Order): void;
  onConflict?(): void;
}

interface Values { mainUnitId: number; coUnitIds: number[]; copyUnitIds: number[]; propertyUnitId?: number | null; categoryId: number | null; tier: number; note?: string }

/** 双派: the property companies serving the main unit (a community) or a community below it (a street). */
export function servingProperties(units: Unit[], mainId: number | undefined): Unit[] {
  const main = units.find((u) => u.id === mainId);
  if (!main) return [];
  const inMain = new Set(units.filter((u) => u.type === 'community' && u.path.startsWith(main.path)).map((u) => u.id));
  return units.filter((u) => u.type === 'property' && (u.serves ?? []).some((c) => inMain.has(c)));
}

/** The unit a category sends its orders to: a named unit, or the order's jurisdiction (street/town). */
function defaultUnit(cat: Category | undefined, jurisdictionUnitId: number | null): number | undefined {
  if (!cat) return jurisdictionUnitId ?? undefined;
  if (cat.handlerKind === 'jurisdiction' || !cat.handlerUnitId) return jurisdictionUnitId ?? cat.handlerUnitId ?? undefined;
  return cat.handlerUnitId;
}

export function DispatchDialog({ order, onClose, onDone, onConflict }: OrderDialogProps) {
  const { t, te } = useI18n();
  const [form] = Form.useForm<Values>();
  const { categories } = useCatalog();
  const tier = Form.useWatch('tier', form);
  const mainUnitId = Form.useWatch('mainUnitId', form);
  const { units } = useUnits();
  const properties = servingProperties(units, mainUnitId);
  const [jurisdiction, setJurisdiction] = useState<number | null>('jurisdictionUnitId' in order ? order.jurisdictionUnitId : null);
  const [full, setFull] = useState<Order | null>('description' in order ? order : null);
  const { run, busy } = useRunAction({ onDone: (o) => onDone(o), onConflict });

  // Lists only carry the summary; the full order knows its jurisdiction, the default handler for many leaves.
  useEffect(() => {
    if ('jurisdictionUnitId' in order) return;
    api<Order>(`/orders/${order.id}`).then((o) => { setJurisdiction(o.jurisdictionUnitId); setFull(o); }).catch(() => undefined);
  }, [order]);

  useEffect(() => {
    if (form.getFieldValue('mainUnitId')) return;
    const cat = categories.find((c) => c.id === order.categoryId);
    const unit = defaultUnit(cat, jurisdiction);
    if (unit) form.setFieldValue('mainUnitId', unit);
  }, [categories, jurisdiction, order.categoryId, form]);

  const submit = (v: Values) => {
    void run(order, 'dispatch', {
      mainUnitId: v.mainUnitId,
      coUnitIds: v.coUnitIds ?? [],
      copyUnitIds: v.copyUnitIds ?? [],
      ...(v.propertyUnitId && properties.some((p) => p.id === v.propertyUnitId) ? { propertyUnitId: v.propertyUnitId } : {}),
      ...(v.categoryId ? { categoryId: v.categoryId } : {}),
      tier: v.tier,
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
    });
  };

  return (
    <Modal
      open
      width={720}
      title={`${t('dispatch.dialogTitle')} · ${order.number}`}
      okText={t('dispatch.submit')}
      okButtonProps={{ loading: busy === 'dispatch', 'data-testid': 'dispatch-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="dispatch-dialog">
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }}>{order.title} · {order.address}</Typography.Paragraph>
        {full && (
          <div style={{ marginBottom: 12 }}>
            <SuggestionsPanel
              title={full.title} description={full.description} address={full.address} location={full.location} excludeOrderId={full.id}
              onPickCategory={(id) => {
                form.setFieldValue('categoryId', id);
                const leaf = categories.find((c) => c.id === id);
                if (leaf?.tier) form.setFieldValue('tier', leaf.tier);
              }}
              onPickUnit={(id) => form.setFieldValue('mainUnitId', id)}
            />
          </div>
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ categoryId: order.categoryId, tier: order.tier ?? 3, coUnitIds: [], copyUnitIds: [] }}
        >
          <Form.Item name="categoryId" label={t('order.category')}>
            <CategorySelect
              testId="dispatch-category"
              onChange={(id, leaf) => {
                form.setFieldValue('categoryId', id);
                if (leaf?.tier) form.setFieldValue('tier', leaf.tier);
                const unit = defaultUnit(leaf ?? undefined, jurisdiction);
                if (unit) form.setFieldValue('mainUnitId', unit);
              }}
            />
          </Form.Item>
          <Form.Item name="mainUnitId" label={t('dispatch.mainUnit')} rules={[{ required: true, message: t('dispatch.mainUnitRequired') }]}>
            <UnitSelect testId="dispatch-main-unit" />
          </Form.Item>
          {properties.length > 0 && (
            <Form.Item name="propertyUnitId" label={t('dispatch.property')} extra={t('dispatch.propertyHint')}>
              <Select allowClear data-testid="dispatch-property" options={properties.map((p) => ({ value: p.id, label: p.name }))} />
            </Form.Item>
          )}
          <Form.Item name="coUnitIds" label={t('dispatch.coUnits')}>
            <UnitSelect multiple testId="dispatch-co-units" />
          </Form.Item>
          <Form.Item name="copyUnitIds" label={t('dispatch.copyUnits')}>
            <UnitSelect multiple testId="dispatch-copy-units" />
          </Form.Item>
          <Form.Item name="tier" label={t('order.tier')} rules={[{ required: true }]}>
            <Select data-testid="dispatch-tier" options={[1, 2, 3, 4].map((n) => ({ value: n, label: te('tier', n) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('field.note')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="dispatch-note" />
          </Form.Item>
        </Form>
        <SlaPreview tier={tier} />
      </div>
    </Modal>
  );
}
