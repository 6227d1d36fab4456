// New user (POST /users).
import { useState } from 'react';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { UnitSelect } from '../../shared/UnitSelect';
import type { Role } from '../../shared/types';
import { RoleSelect } from './RoleSelect';

interface NewUser { username: string; displayName: string; password: string; role: Role; unitId: number }

export function UserCreateDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const { t } = useI18n();
  const { showError, message } = useFeedback();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<NewUser>();

  const create = async (v: NewUser) => {
    setBusy(true);
    try {
      await api('/users', { method: 'POST', body: v });
      message.success(t('admin.userCreated', { name: v.username }));
      form.resetFields();
      onCreated();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('admin.newUser')} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: busy, 'data-testid': 'user-submit' }} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={create}>
        <Form.Item name="username" label={t('signin.username')} rules={[{ required: true, pattern: /^[a-zA-Z0-9_.-]{2,64}$/, message: t('admin.usernameRule') }]}>
          <Input data-testid="user-username" autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('admin.displayName')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
          <Input data-testid="user-displayname" />
        </Form.Item>
        <Form.Item name="password" label={t('signin.password')} rules={[{ required: true, min: 8, message: t('admin.passwordRule') }]}>
          <Input.Password data-testid="user-password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('admin.role')} rules={[{ required: true, message: t('field.required') }]}>
          <RoleSelect testId="user-role" />
        </Form.Item>
        <Form.Item name="unitId" label={t('order.unit')} rules={[{ required: true, message: t('field.required') }]}>
          <UnitSelect testId="user-unit" filter={() => true} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
