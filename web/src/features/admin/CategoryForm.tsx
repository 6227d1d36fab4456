// Edit one catalog category (PATCH /catalog/{id}) or create a child (POST /catalog).
import { useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Switch from 'antd/es/switch';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { UnitSelect } from '../../shared/UnitSelect';
import type { Category, HandlerKind } from '../../shared/types';

interface Values { name: string; tier?: number | null; handlerKind?: HandlerKind | null; handlerUnitId?: number | null; keywords?: string[]; active?: boolean }

interface Props {
  category?: Category;
  parent: Category | null;
  onSaved(c: Category): void;
  onCancel?(): void;
  onAddChild?(): void;
}

export function CategoryForm({ category, parent, onSaved, onCancel, onAddChild }: Props) {
  const { t, te } = useI18n();
  const { showError, message } = useFeedback();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const level = category?.level ?? ((parent?.level ?? 0) + 1);
  const isLeaf = level === 3;
  const kind = Form.useWatch('handlerKind', form);

  const save = async (v: Values) => {
    setBusy(true);
    const body: Record<string, unknown> = { name: v.name.trim() };
    if (isLeaf) {
      body.tier = v.tier ?? null;
      body.handlerKind = v.handlerKind ?? null;
      body.handlerUnitId = v.handlerKind && v.handlerKind !== 'jurisdiction' ? v.handlerUnitId ?? null : null;
      body.keywords = (v.keywords ?? []).map((k) => k.trim()).filter(Boolean);
    }
    try {
      const saved = category
        ? await api<Category>(`/catalog/${category.id}`, { method: 'PATCH', body: { ...body, active: v.active ?? true } })
        : await api<Category>('/catalog', { method: 'POST', body: { ...body, parentId: parent?.id ?? null } });
      message.success(t('common.saved'));
      onSaved(saved);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      data-testid="category-form"
      title={category ? t('admin.editCategory', { level }) : t('admin.newCategory', { level, parent: parent?.name ?? '—' })}
      extra={onAddChild && <Button size="small" onClick={onAddChild} data-testid="catalog-add-child">{t('admin.addChild')}</Button>}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={category
          ? { name: category.name, tier: category.tier, handlerKind: category.handlerKind, handlerUnitId: category.handlerUnitId, keywords: category.keywords, active: category.active }
          : { tier: 3, handlerKind: 'jurisdiction', keywords: [], active: true }}
      >
        <Form.Item name="name" label={t('admin.categoryName')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
          <Input data-testid="category-name" />
        </Form.Item>
        {isLeaf && (
          <>
            <Form.Item name="tier" label={t('order.tier')}>
              <Select allowClear data-testid="category-tier" options={[1, 2, 3, 4].map((n) => ({ value: n, label: te('tier', n) }))} />
            </Form.Item>
            <Form.Item name="handlerKind" label={t('admin.handlerKind')}>
              <Select allowClear data-testid="category-handler-kind" options={['jurisdiction', 'department', 'company'].map((k) => ({ value: k, label: te('handlerKind', k) }))} />
            </Form.Item>
            {kind && kind !== 'jurisdiction' && (
              <Form.Item name="handlerUnitId" label={t('admin.handlerUnit')} rules={[{ required: true, message: t('field.required') }]}>
                <UnitSelect testId="category-handler-unit" filter={(u) => u.type === kind} />
              </Form.Item>
            )}
            <Form.Item name="keywords" label={t('admin.keywords')}>
              <Select mode="tags" tokenSeparators={[',', '，', ' ', ';', '；']} data-testid="category-keywords" open={false} />
            </Form.Item>
          </>
        )}
        {category && (
          <Form.Item name="active" label={t('admin.active')} valuePropName="checked">
            <Switch data-testid="category-active" />
          </Form.Item>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="category-save">{t('common.save')}</Button>
          {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
        </Space>
      </Form>
    </Card>
  );
}
