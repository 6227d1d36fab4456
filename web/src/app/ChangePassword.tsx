// Shown instead of the console while the session must choose a new password (after an admin's reset).
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

interface Values { currentPassword?: string; newPassword: string; confirm: string }

export function ChangePassword() {
  const { passwordChange, changePassword, signOut } = useAuth();
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const known = passwordChange?.currentPassword ?? null;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await changePassword(known ?? v.currentPassword ?? '', v.newPassword);
    } catch (e) {
      if (isApiError(e)) setError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16 }}>
      <Card style={{ width: 400 }} data-testid="password-change">
        <Typography.Title level={4} style={{ marginTop: 0 }}>{t('password.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('password.hint')}</Typography.Paragraph>
        {error && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="password-error"
            title={errorTitle(error.code, error.title, lang)} description={error.detail !== error.title ? error.detail : undefined} />
        )}
        <Form<Values> layout="vertical" onFinish={submit} requiredMark={false}>
          {known === null && (
            <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('signin.passwordRequired') }]}>
              <Input.Password autoComplete="current-password" data-testid="password-current" />
            </Form.Item>
          )}
          <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true, min: 8, message: t('admin.passwordRule') }]}>
            <Input.Password autoFocus autoComplete="new-password" data-testid="password-new" />
          </Form.Item>
          <Form.Item
            name="confirm" label={t('password.confirm')} dependencies={['newPassword']}
            rules={[{ required: true, message: t('password.mismatch') }, ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))) })]}
          >
            <Input.Password autoComplete="new-password" data-testid="password-confirm" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="password-submit">{t('password.submit')}</Button>
          <Button type="link" block onClick={() => void signOut()} style={{ marginTop: 8 }} data-testid="password-signout">{t('signin.signout')}</Button>
        </Form>
      </Card>
    </div>
  );
}
