// Turns API errors into visible messages (antd App context), with the version-conflict case spelled out.
import AntApp from 'antd/es/app';
import { isApiError } from '../app/api';
import { useI18n } from '../i18n';
import { errorTitle } from '../i18n/errors';

export function useFeedback() {
  const { message, notification, modal } = AntApp.useApp();
  const { t, lang } = useI18n();
  const showError = (e: unknown) => {
    if (!isApiError(e)) {
      notification.error({ title: t('error.unexpected'), description: String((e as Error)?.message ?? e) });
      return;
    }
    if (e.code === 'version_conflict') {
      notification.warning({ title: t('error.conflict'), description: t('error.conflictHint'), key: 'conflict' });
      return;
    }
    const extra = e.errors.map((fe) => `${fe.line ? t('error.line', { line: fe.line }) : fe.path ?? ''} ${fe.message}`).join('\n');
    notification.error({
      title: errorTitle(e.code, e.title, lang),
      description: [e.detail !== e.title ? e.detail : '', extra].filter(Boolean).join('\n') || undefined,
      key: `${e.code}`,
    });
  };
  return { message, notification, modal, showError };
}
