// The saved order's number, large and copyable, to read back to the caller.
import { useEffect, useRef } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Result from 'antd/es/result';
import Typography from 'antd/es/typography';
import { useI18n } from '../../i18n';
import { orderHref } from '../../app/router';
import type { Order } from '../../shared/types';

/** "20250930000123" → "20250930 000123", easier to read aloud. */
const spaced = (n: string) => (n.length === 14 ? `${n.slice(0, 8)} ${n.slice(8)}` : n);

export function IntakeResult({ order, answerError, onNext }: { order: Order; answerError?: string; onNext(): void }) {
  const { t, te } = useI18n();
  const nextRef = useRef<HTMLButtonElement>(null);
  useEffect(() => nextRef.current?.focus(), []);
  return (
    <Result
      status={answerError ? 'warning' : 'success'}
      title={order.status === 'answered' ? t('intake.answeredTitle') : t('intake.savedTitle')}
      data-testid="intake-result"
      subTitle={
        <div>
          <div>{t('intake.readBack')}</div>
          <Typography.Paragraph
            copyable={{ text: order.number, tooltips: [t('common.copy'), t('common.copied')] }}
            style={{ fontSize: 40, fontWeight: 700, letterSpacing: 2, margin: '8px 0', color: '#222', fontFamily: 'ui-monospace, Menlo, monospace' }}
          >
            <span data-testid="order-number" data-order-id={order.id} data-number={order.number}>{spaced(order.number)}</span>
          </Typography.Paragraph>
          <div>{te('status', order.status)}</div>
          {answerError && <Alert type="warning" showIcon title={t('intake.answerFailed')} description={answerError} style={{ marginTop: 12, textAlign: 'left' }} />}
        </div>
      }
      extra={[
        <Button key="next" type="primary" ref={nextRef} onClick={onNext} data-testid="intake-new">{t('intake.next')}</Button>,
        <Button key="open" href={orderHref(order.id)} data-testid="intake-open-order">{t('intake.openOrder')}</Button>,
      ]}
    />
  );
}
