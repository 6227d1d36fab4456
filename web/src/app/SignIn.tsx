// Sign-in with username and password; the session cookie is set by POST /api/v1/session.
import { useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Typography from 'antd/es/typography';
import { useAuth } from './auth';
import { isApiError, type ApiError } from './api';
import { useI18n } from '../i18n';
import { errorTitle } from '../i18n/errors';
import { LangSwitch } from './LangSwitch';

interface Values { username: string; password: string }

/** 429 too_many_attempts: the wait in the console's language (the detail says "try again in N seconds|minutes"). */
function waitText(e: ApiError, t: ReturnType<typeof useI18n>['t']): string | null {
  const m = e.code === 'too_many_attempts' ? /try again in (\d+) (second|minute)/.exec(e.detail ?? '') : null;
  return m ? t(m[2] === 'second' ? 'signin.waitSeconds' : 'signin.waitMinutes', { n: m[1] }) : null;
}

export function SignIn() {
  const { signIn } = useAuth();
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(v.username.trim(), v.password);
    } catch (e) {
      if (isApiError(e)) setError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16 }}>
      <Card style={{ width: 380 }} data-testid="signin">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
          <Typography.Title level={3} style={{ marginTop: 0 }}>{t('app.name')}</Typography.Title>
          <LangSwitch />
        </div>
        <Typography.Paragraph type="secondary">{t('signin.subtitle')}</Typography.Paragraph>
        {error && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="signin-error"
            title={error.code === 'invalid_credentials' ? t('signin.invalid') : errorTitle(error.code, error.title, lang)}
            description={error.code === 'invalid_credentials' ? undefined : waitText(error, t) ?? error.detail}
          />
        )}
        <Form<Values> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('signin.username')} rules={[{ required: true, message: t('signin.usernameRequired') }]}>
            <Input autoFocus autoComplete="username" data-testid="signin-username" />
          </Form.Item>
          <Form.Item name="password" label={t('signin.password')} rules={[{ required: true, message: t('signin.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" data-testid="signin-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="signin-submit">
            {t('signin.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('signin.demoHint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
