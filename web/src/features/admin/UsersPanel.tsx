// 用户与角色: search and filter users, create, edit (name, role, unit), disable/enable, reset a password
// (the temporary password is shown once). GET/POST /users, PATCH /users/{id}, POST /users/{id}/password.
import { useState } from 'react';
import Button from 'antd/es/button';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Popconfirm from 'antd/es/popconfirm';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { api } from '../../app/api';
import { useMe } from '../../app/auth';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { ErrorState } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import type { Role, User } from '../../shared/types';
import { RoleSelect } from './RoleSelect';
import { UserCreateDialog } from './UserCreateDialog';
import { UserEditDialog } from './UserEditDialog';

type Status = 'all' | 'active' | 'disabled';

export function UsersPanel() {
  const { t, te } = useI18n();
  const { showError, message } = useFeedback();
  const me = useMe();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [status, setStatus] = useState<Status>('all');
  const { data, loading, error, reload } = useAsync(
    (signal) => api<{ items: User[] }>('/users', { signal, query: { q, role, disabled: status === 'all' ? undefined : status === 'disabled' } }),
    [q, role, status],
  );
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [temp, setTemp] = useState<{ username: string; password: string } | null>(null);

  const setDisabled = async (u: User, disabled: boolean) => {
    try {
      await api(`/users/${u.id}`, { method: 'PATCH', body: { disabled } });
      message.success(t(disabled ? 'admin.userDisabled' : 'admin.userEnabled', { name: u.username }));
      reload();
    } catch (e) {
      showError(e);
    }
  };
  const resetPassword = async (u: User) => {
    try {
      const r = await api<{ temporaryPassword: string }>(`/users/${u.id}/password`, { method: 'POST' });
      setTemp({ username: u.username, password: r.temporaryPassword });
      reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="user-new">{t('admin.newUser')}</Button>
        <span data-testid="users-search"><Input.Search allowClear placeholder={t('admin.userSearch')} onSearch={(v) => setQ(v.trim())} style={{ width: 260 }} /></span>
        <RoleSelect allowClear placeholder={t('admin.allRoles')} value={role} onChange={(r) => setRole(r ?? undefined)} style={{ width: 160 }} testId="users-filter-role" />
        <Select<Status>
          value={status} onChange={setStatus} style={{ width: 120 }} data-testid="users-filter-status"
          options={(['all', 'active', 'disabled'] as const).map((s) => ({ value: s, label: t(`admin.status.${s}`) }))}
        />
      </Space>
      {error && <ErrorState error={error} onRetry={reload} />}
      <Table<User>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        data-testid="users-table"
        onRow={(u) => ({ 'data-testid': `user-row-${u.username}`, 'data-role': u.role, 'data-disabled': String(!!u.disabled) }) as React.HTMLAttributes<HTMLElement>}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('signin.username'), dataIndex: 'username' },
          { title: t('admin.displayName'), dataIndex: 'displayName' },
          { title: t('admin.role'), dataIndex: 'role', render: (r: string) => te('role', r) },
          { title: t('order.unit'), dataIndex: 'unitName' },
          {
            title: '', key: 'flags',
            render: (_, u) => <>{u.isDemo && <Tag color="orange">{t('admin.demo')}</Tag>}{u.disabled && <Tag data-testid={`user-disabled-${u.username}`}>{t('admin.disabled')}</Tag>}{u.mustChangePassword && <Tag color="blue">{t('admin.mustChange')}</Tag>}</>,
          },
          {
            title: t('common.actions'), key: 'actions',
            render: (_, u) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing(u)} data-testid={`user-edit-${u.username}`}>{t('admin.edit')}</Button>
                <Popconfirm
                  title={t(u.disabled ? 'admin.enableConfirm' : 'admin.disableConfirm', { name: u.username })}
                  onConfirm={() => setDisabled(u, !u.disabled)}
                  okButtonProps={{ 'data-testid': 'user-toggle-confirm' }}
                >
                  <Button size="small" danger={!u.disabled} disabled={u.id === me.id && !u.disabled} data-testid={`user-toggle-${u.username}`}>{t(u.disabled ? 'admin.enable' : 'admin.disable')}</Button>
                </Popconfirm>
                <Popconfirm title={t('admin.resetConfirm', { name: u.username })} onConfirm={() => resetPassword(u)} okButtonProps={{ 'data-testid': 'user-reset-confirm' }}>
                  <Button size="small" data-testid={`user-reset-${u.username}`}>{t('admin.resetPassword')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <UserCreateDialog open={creating} onClose={() => setCreating(false)} onCreated={() => { setCreating(false); reload(); }} />
      <UserEditDialog user={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); reload(); }} />
      <Modal open={!!temp} title={t('admin.tempPasswordTitle', { name: temp?.username ?? '' })} onCancel={() => setTemp(null)} onOk={() => setTemp(null)} cancelButtonProps={{ style: { display: 'none' } }} destroyOnHidden>
        <div data-testid="user-temp-password">
          <Typography.Paragraph>{t('admin.tempPasswordHint')}</Typography.Paragraph>
          <Typography.Text code copyable style={{ fontSize: 18 }} data-testid="user-temp-password-value">{temp?.password}</Typography.Text>
        </div>
      </Modal>
    </>
  );
}
