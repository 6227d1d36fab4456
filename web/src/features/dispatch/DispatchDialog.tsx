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

/** The suggestions' fixed height (px): room for three ranked categories, units and a duplicate. */
const SUGGESTIONS_HEIGHT = 190;

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
  const [registered, setRegistered] = useState<number | null>('jurisdictionUnitId' in order ? order.jurisdictionUnitId : null);
  // The street the assistant resolves from the address (or location) when registration did not record one.
  const [resolved, setResolved] = useState<number | null>(null);
  const jurisdiction = registered ?? resolved;
  const [full, setFull] = useState<Order | null>('description' in order ? order : null);
  const { run, busy } = useRunAction({ onDone: (o) => onDone(o), onConflict });

  // Lists only carry the summary; the full order knows its jurisdiction, the default handler for many leaves.
  useEffect(() => {
    if ('jurisdictionUnitId' in order) return;
    api<Order>(`/orders/${order.id}`).then((o) => { setRegistered(o.jurisdictionUnitId); setFull(o); }).catch(() => undefined);
  }, [order]);

  // The main unit follows the leaf's rule until the dispatcher picks one by hand.
  const [touchedUnit, setTouchedUnit] = useState(false);
  const applyLeaf = (leaf: Category | undefined) => {
    if (leaf?.tier) form.setFieldValue('tier', leaf.tier);
    const unit = defaultUnit(leaf, jurisdiction);
    if (unit) form.setFieldValue('mainUnitId', unit);
  };
  useEffect(() => {
    if (touchedUnit) return;
    const id = form.getFieldValue('categoryId') as number | null;
    const unit = defaultUnit(categories.find((c) => c.id === id), jurisdiction);
    if (unit) form.setFieldValue('mainUnitId', unit);
  }, [categories, jurisdiction, form, touchedUnit]);

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

  // Fits a 900 px-high screen: the body scrolls inside the modal, the deadline preview sits in the footer
  // beside the submit button, and the suggestions keep a fixed height (nothing moves under the pointer).
  const half = { flex: '1 1 260px', minWidth: 0 } as const;
  return (
    <Modal
      open
      width={860}
      // Top-anchored, not centred: a field that appears (双派 property) grows the dialog downwards instead of
      // moving everything above it.
      style={{ top: 24 }}
      title={`${t('dispatch.dialogTitle')} · ${order.number}`}
      okText={t('dispatch.submit')}
      okButtonProps={{ loading: busy === 'dispatch', 'data-testid': 'dispatch-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      styles={{ body: { maxHeight: 'calc(100vh - 300px)', overflowY: 'auto', overflowX: 'hidden' } }}
      footer={(buttons) => (
        <div>
          <div style={{ textAlign: 'start', marginBottom: 8 }}><SlaPreview tier={tier} /></div>
          {buttons}
        </div>
      )}
    >
      <div data-testid="dispatch-dialog">
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 1 }} style={{ marginBottom: 8 }}>{order.title} · {order.address}</Typography.Paragraph>
        <div style={{ marginBottom: 12 }}>
          {full ? (
            <SuggestionsPanel
              reserveHeight={SUGGESTIONS_HEIGHT}
              title={full.title} description={full.description} address={full.address} location={full.location} excludeOrderId={full.id}
              onResult={(r) => setResolved(r.jurisdiction?.streetId ?? null)}
              onPickCategory={(id) => {
                form.setFieldValue('categoryId', id);
                void form.validateFields(['categoryId']).catch(() => undefined);
                if (!touchedUnit) applyLeaf(categories.find((c) => c.id === id));
                else { const leaf = categories.find((c) => c.id === id); if (leaf?.tier) form.setFieldValue('tier', leaf.tier); }
              }}
              onPickUnit={(id) => { setTouchedUnit(true); form.setFieldValue('mainUnitId', id); }}
            />
          ) : <div data-testid="suggestions-area" style={{ height: SUGGESTIONS_HEIGHT }} />}
        </div>
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ categoryId: order.categoryId, tier: order.tier ?? 3, coUnitIds: [], copyUnitIds: [] }}
        >
          <div style={{ display: 'flex', flexWrap: 'wrap', columnGap: 16 }}>
            <Form.Item style={half} name="categoryId" label={t('order.category')} rules={[{ required: true, message: t('dispatch.categoryRequired') }]}>
              <CategorySelect
                testId="dispatch-category"
                onChange={(id, leaf) => {
                  form.setFieldValue('categoryId', id);
                  if (!touchedUnit) applyLeaf(leaf ?? undefined);
                  else if (leaf?.tier) form.setFieldValue('tier', leaf.tier);
                }}
              />
            </Form.Item>
            <Form.Item style={half} name="mainUnitId" label={t('dispatch.mainUnit')} rules={[{ required: true, message: t('dispatch.mainUnitRequired') }]}>
              <UnitSelect testId="dispatch-main-unit" onChange={() => setTouchedUnit(true)} />
            </Form.Item>
            {properties.length > 0 && (
              <Form.Item style={{ flex: '1 1 100%' }} name="propertyUnitId" label={t('dispatch.property')} extra={t('dispatch.propertyHint')}>
                <Select allowClear data-testid="dispatch-property" options={properties.map((p) => ({ value: p.id, label: p.name }))} />
              </Form.Item>
            )}
            <Form.Item style={half} name="coUnitIds" label={t('dispatch.coUnits')}>
              <UnitSelect multiple testId="dispatch-co-units" />
            </Form.Item>
            <Form.Item style={half} name="copyUnitIds" label={t('dispatch.copyUnits')}>
              <UnitSelect multiple testId="dispatch-copy-units" />
            </Form.Item>
            <Form.Item style={half} name="tier" label={t('order.tier')} rules={[{ required: true }]}>
              <Select data-testid="dispatch-tier" options={[1, 2, 3, 4].map((n) => ({ value: n, label: te('tier', n) }))} />
            </Form.Item>
            <Form.Item style={half} name="note" label={t('field.note')}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} data-testid="dispatch-note" />
            </Form.Item>
          </div>
        </Form>
      </div>
    </Modal>
  );
}
