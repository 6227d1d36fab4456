// After a deferred upload (intake): how many files were attached, and which were refused and why.
import Alert from 'antd/es/alert';
import { useI18n } from '../../i18n';
import type { UploadItem } from './useUploads';

export function UploadSummary({ done, failed, testId }: { done: number; failed: UploadItem[]; testId: string }) {
  const { t } = useI18n();
  return (
    <Alert
      type={failed.length ? 'warning' : 'success'}
      showIcon
      data-testid={testId}
      data-done={done}
      data-failed={failed.length}
      title={t('attach.intakeAttached', { count: done })}
      description={failed.length ? (
        <div>
          {t('attach.intakeFailed', { count: failed.length })}
          {failed.map((f) => <div key={f.uid}>{f.name}：{f.error}</div>)}
        </div>
      ) : undefined}
      style={{ marginTop: 12, textAlign: 'left' }}
    />
  );
}
