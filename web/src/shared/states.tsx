// Loading, empty and error states that tell the user what to do next.
import type { ReactNode } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Empty from 'antd/es/empty';
import Spin from 'antd/es/spin';
import { useI18n } from '../i18n';
import { errorTitle } from '../i18n/errors';
import type { ApiError } from '../app/api';

export function Loading({ tip }: { tip?: string }) {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }} data-testid="loading">
      <Spin />
      <div style={{ marginTop: 8, color: '#888' }}>{tip ?? t('common.loading')}</div>
    </div>
  );
}

export function EmptyState({ description, action }: { description: ReactNode; action?: ReactNode }) {
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} data-testid="empty">
      {action}
    </Empty>
  );
}

/** An API error with its title/detail, the field errors if any, and a retry button. */
export function ErrorState({ error, onRetry, action }: { error: ApiError; onRetry?: () => void; action?: ReactNode }) {
  const { t, lang } = useI18n();
  const hint = error.status === 0 ? t('error.network') : error.status >= 500 ? t('error.server') : undefined;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="error"
      title={errorTitle(error.code, error.title, lang)}
      description={
        <div>
          {error.detail && error.detail !== error.title && <div>{error.detail}</div>}
          {lang === 'zh' && errorTitle(error.code, error.title, lang) !== error.title && !error.detail && <div>{error.title}</div>}
          {error.errors.map((fe, i) => (
            <div key={i}>{fe.line ? t('error.line', { line: fe.line }) : fe.path} {fe.message}</div>
          ))}
          {hint && <div style={{ color: '#888', marginTop: 4 }}>{hint}</div>}
        </div>
      }
      action={action ?? (onRetry && <Button size="small" onClick={onRetry}>{t('common.retry')}</Button>)}
    />
  );
}
