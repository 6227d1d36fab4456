// 话务受理 — the operator's workbench: the form on the left, the caller's history and the assistant on the
// right, and after saving a large order number to read back to the caller.
import { useEffect, useRef, useState } from 'react';
import Card from 'antd/es/card';
import Col from 'antd/es/col';
import Form from 'antd/es/form';
import Row from 'antd/es/row';
import Space from 'antd/es/space';
import { api, orderAction } from '../../app/api';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import type { Order } from '../../shared/types';
import { CallerHistory } from './CallerHistory';
import { IntakeForm, initialIntake, type IntakeValues } from './IntakeForm';
import { IntakeResult } from './IntakeResult';
import { SuggestionsPanel, type AssistResult } from './SuggestionsPanel';
import { effectiveTitle } from './title';
import { prefillCategory } from './prefill';
import { typeFromDescription, type TypeGuess } from './request-type';
import { navigate, useLocation } from '../../app/router';
import { isPhoneLike } from '../../shared/format';
import { AttachmentUploader, UploadSummary, useUploads, type UploadItem } from '../attachments';

function toBody(v: IntakeValues) {
  return {
    channel: v.channel,
    type: v.type,
    title: effectiveTitle(v.title, v.description),
    description: v.description.trim(),
    address: (v.address ?? '').trim(),
    requester: { name: v.name.trim(), phone: v.phone.trim() },
    confidential: !!v.confidential,
    ...(v.categoryId ? { categoryId: v.categoryId } : {}),
    ...(v.tier ? { tier: v.tier } : {}),
  };
}

export default function IntakePage() {
  const { t } = useI18n();
  const { showError } = useFeedback();
  const [form] = Form.useForm<IntakeValues>();
  const [busy, setBusy] = useState<'save' | 'answer' | null>(null);
  const [result, setResult] = useState<{ order: Order; answerError?: string } | null>(null);
  // The knowledge-base article whose answer the operator took from the assistant, recorded with the answer.
  const [kbArticleId, setKbArticleId] = useState<number | undefined>(undefined);
  const phone = Form.useWatch('phone', form) ?? '';
  const title = Form.useWatch('title', form) ?? '';
  const description = Form.useWatch('description', form) ?? '';
  const address = Form.useWatch('address', form) ?? '';
  // 来电弹屏: the telephony system opens #/intake?caller=<number> when a call comes in; the number is filled in.
  // A new call shows a fresh form even if the last call's result is still on the screen.
  const query = useLocation().query.get('caller') ?? '';
  const caller = isPhoneLike(query) ? query.trim() : '';
  useEffect(() => {
    if (caller) setResult(null);
  }, [caller]);
  // Filled in once the form is showing (this effect runs after the form's fields have mounted).
  useEffect(() => {
    if (caller && !result) form.setFieldValue('phone', caller);
  }, [caller, result, form]);
  // A confident category suggestion fills the field until the operator picks one themselves.
  // (Refs, not state, decide: the assistant's answer arrives in a callback made during an earlier render.)
  const [prefilled, setPrefilledState] = useState(false);
  const prefilledRef = useRef(false);
  const categoryByOperator = useRef(false);
  const setPrefilled = (v: boolean) => {
    prefilledRef.current = v;
    setPrefilledState(v);
  };
  const onSuggestions = (r: AssistResult) => {
    if (categoryByOperator.current) return;
    const current = form.getFieldValue('categoryId') as number | null;
    if (current && !prefilledRef.current) return;
    const id = prefillCategory(r);
    if (id === null) {
      // The text changed and the assistant is no longer sure: take back what it filled in.
      if (prefilledRef.current) form.setFieldValue('categoryId', null);
      setPrefilled(false);
      return;
    }
    if (current !== id) form.setFieldValue('categoryId', id);
    setPrefilled(true);
  };
  const clearCategoryState = () => {
    categoryByOperator.current = false;
    setPrefilled(false);
  };
  // 诉求类型 from the caller's words, while the operator has not chosen one (request-type.ts): set on every change of
  // the description, shown with the words that decided; the operator's own choice is never overwritten.
  const typeByOperator = useRef(false);
  const [typeGuess, setTypeGuess] = useState<TypeGuess | null>(null);
  useEffect(() => {
    if (typeByOperator.current || result) return;
    const g = typeFromDescription(description);
    setTypeGuess(g);
    form.setFieldValue('type', g?.type ?? initialIntake.type);
  }, [description, result, form]);
  const clearTypeState = () => {
    typeByOperator.current = false;
    setTypeGuess(null);
  };
  // Files picked before saving go up once the order exists (the API needs its id).
  const uploads = useUploads();
  const [attached, setAttached] = useState<{ done: number; failed: UploadItem[] } | null>(null);
  const attachTo = async (o: Order) => {
    if (!uploads.items.some((x) => x.status === 'waiting')) return;
    const r = await uploads.uploadAll(o.id);
    setAttached({ done: r.done.length, failed: r.failed });
  };

  const create = (v: IntakeValues) => api<Order>('/orders', { method: 'POST', body: toBody(v) });

  const save = async (v: IntakeValues) => {
    setBusy('save');
    try {
      const o = await create(v);
      await attachTo(o);
      setResult({ order: o });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const answer = async (v: IntakeValues) => {
    setBusy('answer');
    let created: Order | null = null;
    try {
      created = await create(v);
      await attachTo(created);
      const answered = await orderAction<Order>(created.id, 'answer', created.version, { answer: v.answer.trim(), ...(kbArticleId ? { kbArticleId } : {}) });
      setResult({ order: answered });
    } catch (e) {
      showError(e);
      // The order exists even if answering failed: show its number so the call can go on.
      if (created) setResult({ order: created, answerError: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };

  const next = () => {
    setResult(null);
    setKbArticleId(undefined);
    uploads.clear();
    setAttached(null);
    form.resetFields();
    clearCategoryState();
    clearTypeState();
    if (caller) navigate('/intake', { replace: true });
    setTimeout(() => document.querySelector<HTMLElement>('[data-testid="intake-type"] input')?.focus(), 0);
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={15}>
        <Card title={t('intake.title')} data-testid="intake">
          {result ? (
            <>
              <IntakeResult order={result.order} answerError={result.answerError} onNext={next} />
              {attached && <UploadSummary done={attached.done} failed={attached.failed} testId="intake-attached" />}
            </>
          ) : (
            <IntakeForm form={form} busy={busy} onSave={save} onAnswer={answer} onValuesChange={(changed) => {
                if (changed && 'type' in changed) {
                  typeByOperator.current = true;
                  setTypeGuess(null);
                }
              }}
              prefilled={prefilled} typeGuess={typeGuess} onCategoryTouched={() => { categoryByOperator.current = true; setPrefilled(false); }} onReset={() => { clearCategoryState(); clearTypeState(); }}
              extra={<Form.Item label={t('attach.intakeLabel')}><AttachmentUploader uploads={uploads} testId="intake-attach" disabled={busy !== null} /></Form.Item>} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Space orientation="vertical" style={{ width: '100%' }} size={16}>
          {!result && <CallerHistory phone={phone} />}
          {!result && (
            <SuggestionsPanel
              title={title}
              description={description}
              address={address}
              location={null}
              onPickCategory={(id) => { categoryByOperator.current = true; setPrefilled(false); form.setFieldValue('categoryId', id); }}
              onResult={onSuggestions}
              onUseAnswer={(text, articleId) => { form.setFieldValue('answer', text); setKbArticleId(articleId); }}
            />
          )}
          <Card size="small" title={t('intake.keysTitle')}>
            <div style={{ fontSize: 12, color: '#666', lineHeight: 1.9 }}>{t('intake.keys')}</div>
          </Card>
        </Space>
      </Col>
    </Row>
  );
}
