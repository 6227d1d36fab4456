// The signed-in frame: a menu with the role's workbenches, the header (user, language, live status),
// the demo-users warning, and the routed page inside an error boundary.
import { Suspense, useEffect, type ReactElement } from 'react';
import Alert from 'antd/es/alert';
import Badge from 'antd/es/badge';
import Button from 'antd/es/button';
import Layout from 'antd/es/layout';
import Menu from 'antd/es/menu';
import Space from 'antd/es/space';
import Tooltip from 'antd/es/tooltip';
import Typography from 'antd/es/typography';
import PhoneOutlined from '@ant-design/icons/PhoneOutlined';
import SendOutlined from '@ant-design/icons/SendOutlined';
import InboxOutlined from '@ant-design/icons/InboxOutlined';
import CustomerServiceOutlined from '@ant-design/icons/CustomerServiceOutlined';
import AlertOutlined from '@ant-design/icons/AlertOutlined';
import SearchOutlined from '@ant-design/icons/SearchOutlined';
import SettingOutlined from '@ant-design/icons/SettingOutlined';
import NotificationOutlined from '@ant-design/icons/NotificationOutlined';
import EnvironmentOutlined from '@ant-design/icons/EnvironmentOutlined';
import LogoutOutlined from '@ant-design/icons/LogoutOutlined';
import { useAuth, useMe } from './auth';
import { navigate, useLocation } from './router';
import { landingFor, OrderPage, workbenchesFor } from './routes';
import { ErrorBoundary } from './ErrorBoundary';
import { LangSwitch } from './LangSwitch';
import { startStream, stopStream, useStreamConnected } from './stream';
import { useI18n } from '../i18n';
import { Loading, EmptyState } from '../shared/states';
import { ProvisionalBanner } from '../features/admin/ProvisionalBanner';

const icons: Record<string, ReactElement> = {
  intake: <PhoneOutlined />, dispatch: <SendOutlined />, unit: <InboxOutlined />, callback: <CustomerServiceOutlined />,
  supervision: <AlertOutlined />, orders: <SearchOutlined />, admin: <SettingOutlined />, whistle: <NotificationOutlined />, grid: <EnvironmentOutlined />,
};

export function Shell() {
  const me = useMe();
  const { signOut } = useAuth();
  const { t, te } = useI18n();
  const loc = useLocation();
  const live = useStreamConnected();
  const mine = workbenchesFor(me.role);

  useEffect(() => {
    startStream();
    return () => stopStream();
  }, []);

  useEffect(() => {
    if (loc.path === '/' || loc.path === '/signin') navigate(landingFor(me.role), { replace: true });
  }, [loc.path, me.role]);

  const isOrder = loc.segments[0] === 'orders' && loc.segments[1] !== undefined;
  const active = mine.find((w) => loc.path === w.path);
  const selected = isOrder ? 'orders' : active?.key;

  let page: ReactElement;
  if (isOrder) {
    page = <OrderPage key={loc.segments[1]} />;
  } else if (active) {
    const C = active.component;
    page = <C />;
  } else {
    page = <EmptyState description={t('nav.notFound')} action={<Button onClick={() => navigate(landingFor(me.role))}>{t('nav.home')}</Button>} />;
  }

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={56} theme="light" width={184}>
        <div style={{ padding: '16px 16px 8px', fontWeight: 600, color: '#c8102e', whiteSpace: 'nowrap', overflow: 'hidden' }}>
          {t('app.short')}
        </div>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          data-testid="nav"
          items={mine.map((w) => ({
            key: w.key,
            icon: icons[w.key],
            label: <a href={`#${w.path}`} data-testid={`nav-${w.key}`}>{t(w.label)}</a>,
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', height: 52, lineHeight: '52px' }}>
          <Typography.Text strong>{active ? t(active.label) : isOrder ? t('order.title') : t('app.name')}</Typography.Text>
          <Space size="middle">
            <Tooltip title={live ? t('live.on') : t('live.off')}>
              <Badge status={live ? 'success' : 'default'} text={t('live.label')} data-testid="live-status" />
            </Tooltip>
            <LangSwitch />
            <span data-testid="me">
              {me.displayName} · {te('role', me.role)} · {me.unit.name}
            </span>
            <Button size="small" icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="signout">
              {t('signin.signout')}
            </Button>
          </Space>
        </Layout.Header>
        {me.demoUsersExist && (
          <Alert type="warning" banner showIcon title={t('demo.banner')} data-testid="demo-banner" />
        )}
        {(me.role === 'admin' || me.role === 'supervisor') && <ProvisionalBanner />}
        <Layout.Content style={{ padding: 16 }}>
          <ErrorBoundary resetKey={loc.path}>
            <Suspense fallback={<Loading />}>{page}</Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
