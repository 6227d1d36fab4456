// The intake form, built for the keyboard: Enter moves to the next field, Ctrl+Enter saves,
// Ctrl+Shift+Enter answers the consultation directly (直接办结).
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Col from 'antd/es/col';
import Form from 'antd/es/form';
import type { FormInstance } from 'antd/es/form';
import Input from 'antd/es/input';
import Row from 'antd/es/row';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useI18n } from '../../i18n';
import { AddressStandard } from './AddressStandard';
import { CategorySelect } from './CategorySelect';
import type { TypeGuess } from './request-type';

export interface IntakeValues {
  type: string;
  channel: string;
  name: string;
  phone: string;
  address: string;
  title: string;
  description: string;
  categoryId: number | null;
  tier: number | null;
  confidential: boolean;
  answer: string;
}

export const TYPES = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise', 'other'];
export const CHANNELS = ['phone', 'web', 'wechat', 'app', 'qr', 'message_board', 'grid', 'enterprise', 'api', 'weibo', 'petition', 'leader_line'];
export const initialIntake: Partial<IntakeValues> = { type: 'consult', channel: 'phone', confidential: false, tier: null, categoryId: null };

interface Props {
  form: FormInstance<IntakeValues>;
  busy: 'save' | 'answer' | null;
  onSave(values: IntakeValues): void;
  onAnswer(values: IntakeValues): void;
  /** Called on every change the operator makes (not on values the page sets), with the fields changed. */
  onValuesChange(changed?: Partial<IntakeValues>): void;
  /** Rendered above the buttons (the attachments picker). */
  extra?: ReactNode;
  /** The category was filled in from a confident suggestion (shown as a tag under the field). */
  prefilled?: boolean;
  /** The operator chose a category themselves: no suggestion overwrites it. */
  onCategoryTouched?(): void;
  onReset?(): void;
  /** The type was set from the description's words (shown with them under the field). */
  typeGuess?: TypeGuess | null;
}

export function IntakeForm({ form, busy, onSave, onAnswer, onValuesChange, extra, prefilled, onCategoryTouched, onReset, typeGuess }: Props) {
  const { t, te } = useI18n();
  const tierTouched = useRef(false);
  const type = Form.useWatch('type', form);

  const submitAnswer = async () => {
    try {
      const v = await form.validateFields();
      if (!v.answer?.trim()) {
        form.setFields([{ name: 'answer', errors: [t('intake.answerRequired')] }]);
        form.focusField('answer');
        return;
      }
      onAnswer(v);
    } catch { /* antd shows the field errors */ }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter') return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      if (e.shiftKey) void submitAnswer();
      else form.submit();
      return;
    }
    const el = e.target as HTMLElement;
    // Selects handle Enter themselves (pick an option); text areas need it for new lines.
    if (el.tagName !== 'INPUT' || el.getAttribute('role') === 'combobox' || (el as HTMLInputElement).type === 'checkbox') return;
    e.preventDefault();
    const fields = Array.from(e.currentTarget.querySelectorAll<HTMLElement>('input:not([type=hidden]):not([disabled]), textarea:not([disabled])'));
    fields[fields.indexOf(el) + 1]?.focus();
  };

  const required = (msg: string) => [{ required: true, whitespace: true, message: msg }];

  return (
    <Form<IntakeValues>
      form={form}
      layout="vertical"
      initialValues={initialIntake}
      onFinish={onSave}
      onKeyDown={onKeyDown}
      onValuesChange={(changed) => {
        if ('tier' in changed) tierTouched.current = true;
        onValuesChange(changed);
      }}
      requiredMark="optional"
      data-testid="intake-form"
    >
      <Row gutter={12}>
        <Col xs={12} md={6}>
          <Form.Item name="type" label={t('order.type')} rules={[{ required: true }]}
            extra={typeGuess ? <Tag color="blue" data-testid="intake-type-inferred" data-cue={typeGuess.cue}>{t('intake.typeInferred', { cue: typeGuess.cue })}</Tag> : undefined}>
            <Select data-testid="intake-type" autoFocus options={TYPES.map((v) => ({ value: v, label: te('type', v) }))} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="channel" label={t('order.channel')} rules={[{ required: true }]}>
            <Select data-testid="intake-channel" options={CHANNELS.map((v) => ({ value: v, label: te('channel', v) }))} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="name" label={t('intake.name')} rules={required(t('intake.nameRequired'))}>
            <Input data-testid="intake-name" placeholder={t('intake.namePlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="phone" label={t('intake.phone')} rules={[...required(t('intake.phoneRequired')), { pattern: /^\+?[\d\- ]{5,20}$/, message: t('intake.phoneInvalid') }]}>
            <Input data-testid="intake-phone" inputMode="tel" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="address" label={t('order.address')} extra={<AddressStandard form={form} />}>
        <Input data-testid="intake-address" placeholder={t('intake.addressPlaceholder')} />
      </Form.Item>
      <Form.Item name="title" label={t('order.titleField')} extra={t('intake.titleFromDescription')}>
        <Input data-testid="intake-title" maxLength={200} placeholder={t('intake.titlePlaceholder')} />
      </Form.Item>
      <Form.Item name="description" label={t('order.description')} rules={required(t('intake.descriptionRequired'))}>
        <Input.TextArea data-testid="intake-description" autoSize={{ minRows: 3, maxRows: 8 }} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={14}>
          <Form.Item name="categoryId" label={t('order.category')} extra={prefilled ? <Tag color="blue" data-testid="intake-category-prefilled">{t('intake.categoryPrefilled')}</Tag> : undefined}>
            <CategorySelect
              testId="intake-category"
              onChange={(id, leaf) => {
                onCategoryTouched?.();
                form.setFieldValue('categoryId', id);
                if (leaf?.tier && !tierTouched.current) form.setFieldValue('tier', leaf.tier);
                onValuesChange();
              }}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="tier" label={t('order.tier')}>
            <Select data-testid="intake-tier" allowClear placeholder={t('intake.tierAuto')} options={[1, 2, 3, 4].map((n) => ({ value: n, label: te('tier', n) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          {/* No label: a blank one still gets the "（可选）" mark. Padded by a vertical label's height to line up. */}
          <Form.Item name="confidential" valuePropName="checked" style={{ paddingTop: 30 }}>
            <Checkbox data-testid="intake-confidential">{t('order.confidential')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="answer"
        label={t('intake.answer')}
        extra={type === 'consult' ? t('intake.answerHint') : undefined}
      >
        <Input.TextArea data-testid="intake-answer" autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('intake.answerPlaceholder')} />
      </Form.Item>
      {extra}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={busy === 'save'} disabled={busy !== null} data-testid="intake-submit">
          {t('intake.save')} <Typography.Text keyboard style={{ color: 'inherit' }}>Ctrl+Enter</Typography.Text>
        </Button>
        <Button onClick={() => void submitAnswer()} loading={busy === 'answer'} disabled={busy !== null} data-testid="intake-answer-submit">
          {t('intake.answerDirect')} <Typography.Text keyboard>Ctrl+Shift+Enter</Typography.Text>
        </Button>
        <Button onClick={() => { form.resetFields(); tierTouched.current = false; onReset?.(); onValuesChange(); }} disabled={busy !== null} data-testid="intake-reset">
          {t('common.reset')}
        </Button>
      </Space>
    </Form>
  );
}
