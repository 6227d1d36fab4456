// 回访: record the outcome and evaluation; when the order stays `replied` (unresolved, unsatisfied, or not
// reached yet) the dialog goes on to reopen or close it.
import { useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Radio from 'antd/es/radio';
import Space from 'antd/es/space';
import { useI18n } from '../../i18n';
import type { Order, Outcome } from '../../shared/types';
import { useRunAction } from '../orders/useRunAction';
import type { OrderDialogProps } from '../dispatch/DispatchDialog';

interface Values { outcome: Outcome; contacted?: boolean; resolution?: string; satisfaction?: string; attitude?: string; note?: string }

export function CallbackDialog({ order, onClose, onDone, onConflict }: OrderDialogProps) {
  const { t, te } = useI18n();
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const [after, setAfter] = useState<Order | null>(null);
  const [followNote, setFollowNote] = useState('');
  const { run, busy } = useRunAction({
    onDone: (o, action) => {
      onDone(o);
      if (action === 'callback' && o.status === 'replied') setAfter(o);
      else onClose();
    },
    onConflict,
  });

  const submit = (v: Values) => {
    const done = v.outcome === 'done';
    void run(order, 'callback', {
      outcome: v.outcome,
      ...(done ? { contacted: v.contacted ?? true, resolution: v.resolution, satisfaction: v.satisfaction, ...(v.attitude ? { attitude: v.attitude } : {}) } : {}),
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
    });
  };

  const radios = (group: string, values: string[], testId: string) => (
    <Radio.Group optionType="button" buttonStyle="solid" data-testid={testId}
      options={values.map((v) => ({ value: v, label: <span data-testid={`${testId}-${v}`}>{te(group, v)}</span> }))} />
  );

  if (after) {
    const canReopen = after.allowedActions.includes('reopen');
    const canClose = after.allowedActions.includes('close');
    return (
      <Modal open title={`${t('callback.next')} · ${order.number}`} footer={null} onCancel={onClose} destroyOnHidden>
        <div data-testid="callback-next">
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('callback.staysReplied')} />
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 5 }}
            value={followNote}
            onChange={(e) => setFollowNote(e.target.value)}
            placeholder={t('callback.followNote')}
            data-testid="callback-follow-note"
          />
          <Space style={{ marginTop: 12 }}>
            {canReopen && (
              <Button danger type="primary" disabled={!followNote.trim()} loading={busy === 'reopen'} data-testid="callback-reopen"
                onClick={() => void run(after, 'reopen', { reason: followNote.trim() })}>{te('action', 'reopen')}</Button>
            )}
            {canClose && (
              <Button loading={busy === 'close'} data-testid="callback-close"
                onClick={() => void run(after, 'close', followNote.trim() ? { note: followNote.trim() } : {})}>{te('action', 'close')}</Button>
            )}
            <Button onClick={onClose} data-testid="callback-later">{t('callback.later')}</Button>
          </Space>
          {!canReopen && <div style={{ marginTop: 8, color: '#888' }}>{t('callback.noReopen')}</div>}
        </div>
      </Modal>
    );
  }

  return (
    <Modal
      open
      width={640}
      title={`${te('action', 'callback')} · ${order.number}`}
      okText={t('callback.submit')}
      okButtonProps={{ loading: busy === 'callback', 'data-testid': 'callback-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="callback-dialog">
        <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ outcome: 'done', contacted: true }}>
          <Form.Item name="outcome" label={t('callback.outcome')} rules={[{ required: true }]}>
            {radios('outcome', ['done', 'unreachable', 'refused'], 'callback-outcome')}
          </Form.Item>
          {outcome === 'done' && (
            <>
              <Form.Item name="contacted" label={t('callback.contacted')} rules={[{ required: true, message: t('field.required') }]}>
                <Radio.Group optionType="button" data-testid="callback-contacted" options={[
                  { value: true, label: <span data-testid="callback-contacted-yes">{t('common.yes')}</span> },
                  { value: false, label: <span data-testid="callback-contacted-no">{t('common.no')}</span> },
                ]} />
              </Form.Item>
              <Form.Item name="resolution" label={t('callback.resolution')} rules={[{ required: true, message: t('field.required') }]}>
                {radios('resolution', ['resolved', 'partly', 'unresolved'], 'callback-resolution')}
              </Form.Item>
              <Form.Item name="satisfaction" label={t('callback.satisfaction')} rules={[{ required: true, message: t('field.required') }]}>
                {radios('satisfaction', ['satisfied', 'basically', 'unsatisfied'], 'callback-satisfaction')}
              </Form.Item>
              <Form.Item name="attitude" label={t('callback.attitude')} tooltip={t('callback.attitudeHint')}>
                {radios('satisfaction', ['satisfied', 'basically', 'unsatisfied'], 'callback-attitude')}
              </Form.Item>
            </>
          )}
          <Form.Item name="note" label={t('callback.note')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="callback-note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
