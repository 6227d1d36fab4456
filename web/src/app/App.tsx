// Providers and the sign-in gate.
import AntApp from 'antd/es/app';
import Button from 'antd/es/button';
import Result from 'antd/es/result';
import { I18nProvider, useI18n } from '../i18n';
import { AuthProvider, useAuth } from './auth';
import { ErrorBoundary } from './ErrorBoundary';
import { SignIn } from './SignIn';
import { ChangePassword } from './ChangePassword';
import { Shell } from './Shell';
import { Loading } from '../shared/states';

function Gate() {
  const { me, loading, bootError, passwordChange, retry } = useAuth();
  const { t } = useI18n();
  if (loading && !me) return <Loading tip={t('app.connecting')} />;
  if (bootError && !me) {
    return (
      <Result
        status="warning"
        title={t('app.serverUnreachable')}
        subTitle={bootError.userMessage}
        extra={<Button type="primary" onClick={retry}>{t('common.retry')}</Button>}
      />
    );
  }
  if (passwordChange) return <ChangePassword />;
  return me ? <Shell /> : <SignIn />;
}

export function App() {
  return (
    <I18nProvider>
      <AntApp style={{ height: '100%' }}>
        <ErrorBoundary>
          <AuthProvider>
            <Gate />
          </AuthProvider>
        </ErrorBoundary>
      </AntApp>
    </I18nProvider>
  );
}
