// Edit a user's display name, role and unit (PATCH /users/{id}). A new role or unit signs the user out everywhere.
import { useState } from 'react';
import Alert from 'antd/es/alert';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { UnitSelect } from '../../shared/UnitSelect';
import type { Role, User } from '../../shared/types';
import { RoleSelect } from './RoleSelect';

interface Values { displayName: string; role: Role; unitId: number }

export function UserEditDialog({ user, onClose, onSaved }: { user: User | null; onClose: () => void; onSaved: (u: User) => void }) {
  const { t } = useI18n();
  const { showError, message } = useFeedback();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const save = async (v: Values) => {
    if (!user) return;
    setBusy(true);
    try {
      const saved = await api<User>(`/users/${user.id}`, { method: 'PATCH', body: { displayName: v.displayName.trim(), role: v.role, unitId: v.unitId } });
      message.success(t('admin.userSaved', { name: user.username }));
      onSaved(saved);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={!!user} title={t('admin.editUser', { name: user?.username ?? '' })} onCancel={onClose} onOk={() => form.submit()} okButtonProps={{ loading: busy, 'data-testid': 'user-edit-submit' }} destroyOnHidden>
      <div data-testid="user-edit-dialog">
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('admin.editUserHint')} />
        <Form form={form} key={user?.id} layout="vertical" onFinish={save} initialValues={user ? { displayName: user.displayName, role: user.role, unitId: user.unitId } : undefined}>
          <Form.Item name="displayName" label={t('admin.displayName')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}>
            <Input data-testid="user-edit-displayname" />
          </Form.Item>
          <Form.Item name="role" label={t('admin.role')} rules={[{ required: true, message: t('field.required') }]}>
            <RoleSelect testId="user-edit-role" />
          </Form.Item>
          <Form.Item name="unitId" label={t('order.unit')} rules={[{ required: true, message: t('field.required') }]}>
            <UnitSelect testId="user-edit-unit" filter={() => true} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
