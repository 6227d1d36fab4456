// 地址标准化 under the address field: the standard form of what the operator typed (district, street, community,
// road + number, compound …) with its jurisdiction; one click puts it in the field.
import { useEffect, useState } from 'react';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import type { FormInstance } from 'antd/es/form';
import Typography from 'antd/es/typography';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';

interface Standard { standard: string; street: string | null; community: string | null; confidence: number }

const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

export function AddressStandard({ form }: { form: FormInstance }) {
  const { t } = useI18n();
  const address: string = Form.useWatch('address', form) ?? '';
  const [hint, setHint] = useState<Standard | null>(null);
  useEffect(() => {
    const text = address.trim();
    if (text.length < 4) return setHint(null);
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api<Standard>('/assist/address', { method: 'POST', body: { address: text.slice(0, 500) }, signal: ctrl.signal })
        .then((r) => setHint(r.street && squash(r.standard) !== squash(text) ? r : null))
        .catch(() => undefined); // a hint, never an error for the operator
    }, 400);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [address]);
  if (!hint) return null;
  return (
    <span data-testid="intake-address-standard">
      <Typography.Text type="secondary">{t('intake.addressStandard')}：</Typography.Text>
      <Typography.Text>{hint.standard}</Typography.Text>
      <Typography.Text type="secondary"> （{t('intake.addressConfidence', { pct: Math.round(hint.confidence * 100) })}）</Typography.Text>
      <Button type="link" size="small" data-testid="intake-address-accept" onClick={() => form.setFieldValue('address', hint.standard)}>{t('intake.addressAccept')}</Button>
    </span>
  );
}
