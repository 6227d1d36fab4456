// Users and roles (GET/POST /users).
import { useState } from 'react';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Select from 'antd/es/select';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { useUnits } from '../../shared/resources';
import { ErrorState } from '../../shared/states';
import { UnitSelect } from '../../shared/UnitSelect';
import { useAsync } from '../../shared/useAsync';
import type { Role, User } from '../../shared/types';

const ROLES: Role[] = ['admin', 'operator', 'dispatcher', 'handler', 'unit_leader', 'callback_agent', 'supervisor', 'leader', 'grid_worker'];
interface NewUser { username: string; displayName: string; password: string; role: Role; unitId: number }

export function UsersPanel() {
  const { t, te } = useI18n();
  const { showError, message } = useFeedback();
  const { units } = useUnits();
  const { data, loading, error, reload } = useAsync((signal) => api<{ items: User[] }>('/users', { signal }), []);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<NewUser>();
  const unitName = (id: number) => units.find((u) => u.id === id)?.name ?? `#${id}`;

  const create = async (v: NewUser) => {
    setBusy(true);
    try {
      await api('/users', { method: 'POST', body: v });
      message.success(t('admin.userCreated', { name: v.username }));
      setOpen(false);
      form.resetFields();
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} style={{ marginBottom: 12 }} data-testid="user-new">{t('admin.newUser')}</Button>
      {error && <ErrorState error={error} onRetry={reload} />}
      <Table<User>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        data-testid="users-table"
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: t('signin.username'), dataIndex: 'username' },
          { title: t('admin.displayName'), dataIndex: 'displayName' },
          { title: t('admin.role'), dataIndex: 'role', filters: ROLES.map((r) => ({ text: te('role', r), value: r })), onFilter: (v, u) => u.role === v, render: (r: string) => te('role', r) },
          { title: t('order.unit'), dataIndex: 'unitId', render: (id: number, u) => u.unitName ?? unitName(id) },
          { title: '', key: 'flags', render: (_, u) => <>{u.isDemo && <Tag color="orange">{t('admin.demo')}</Tag>}{u.disabled && <Tag>{t('admin.disabled')}</Tag>}</> },
        ]}
      />
      <Modal open={open} title={t('admin.newUser')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okButtonProps={{ loading: busy, 'data-testid': 'user-submit' }} destroyOnHidden>
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
            <Select data-testid="user-role" options={ROLES.map((r) => ({ value: r, label: te('role', r) }))} />
          </Form.Item>
          <Form.Item name="unitId" label={t('order.unit')} rules={[{ required: true, message: t('field.required') }]}>
            <UnitSelect testId="user-unit" filter={() => true} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
