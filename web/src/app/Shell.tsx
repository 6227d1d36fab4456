// The signed-in frame: a menu with the role's workbenches, the header (user, language, live status),
// the demo-users warning, and the routed page inside an error boundary. Below the md breakpoint (phones) the
// menu is a drawer opened from a compact header, and language and sign-out move into the drawer.
import { Suspense, useEffect, useState, type ReactElement } from 'react';
import Alert from 'antd/es/alert';
import Badge from 'antd/es/badge';
import Button from 'antd/es/button';
import Drawer from 'antd/es/drawer';
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
import MenuOutlined from '@ant-design/icons/MenuOutlined';
import { useAuth, useMe } from './auth';
import { navigate, useLocation } from './router';
import { landingFor, OrderPage, workbenchesFor } from './routes';
import { ErrorBoundary } from './ErrorBoundary';
import { LangSwitch } from './LangSwitch';
import { startStream, stopStream, useStreamConnected } from './stream';
import { useI18n } from '../i18n';
import { Loading, EmptyState } from '../shared/states';
import { usePhone } from '../shared/usePhone';
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
  const phone = usePhone();
  const [drawer, setDrawer] = useState(false);
  useEffect(() => setDrawer(false), [loc.path]);

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

  const menu = (
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
  );
  const heading = active ? t(active.label) : isOrder ? t('order.title') : t('app.name');
  const who = `${me.displayName} · ${te('role', me.role)} · ${me.unit.name}`;
  const signOutButton = (
    <Button size={phone ? 'large' : 'small'} block={phone} icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="signout">
      {t('signin.signout')}
    </Button>
  );

  return (
    <Layout style={{ minHeight: '100%' }}>
      {!phone && (
        <Layout.Sider breakpoint="lg" collapsedWidth={56} theme="light" width={184}>
          <div style={{ padding: '16px 16px 8px', fontWeight: 600, color: '#c8102e', whiteSpace: 'nowrap', overflow: 'hidden' }}>
            {t('app.short')}
          </div>
          {menu}
        </Layout.Sider>
      )}
      {phone && (
        <Drawer
          open={drawer}
          onClose={() => setDrawer(false)}
          placement="left"
          size={264}
          title={<span style={{ color: '#c8102e' }}>{t('app.short')}</span>}
          closable={{ 'aria-label': t('phone.closeMenu') }}
          styles={{ body: { padding: 0, display: 'flex', flexDirection: 'column' } }}
          data-testid="nav-drawer"
        >
          <div style={{ padding: '12px 16px', color: '#555', wordBreak: 'break-all' }} data-testid="me-full">{who}</div>
          <div className="minhu-phone-menu" style={{ flex: 1 }}>{menu}</div>
          <Space orientation="vertical" style={{ padding: 16, width: '100%' }}>
            <LangSwitch />
            {signOutButton}
          </Space>
        </Drawer>
      )}
      <Layout style={phone ? { minWidth: 0 } : undefined}>
        {phone ? (
          <Layout.Header style={{ background: '#fff', padding: '0 8px', display: 'flex', alignItems: 'center', gap: 8, height: 52, lineHeight: '52px', position: 'sticky', top: 0, zIndex: 10, boxShadow: '0 1px 0 #f0f0f0' }}>
            <Button type="text" size="large" icon={<MenuOutlined />} onClick={() => setDrawer(true)} aria-label={t('phone.menu')} title={t('phone.menu')} data-testid="nav-open" style={{ flex: 'none', width: 44, height: 44 }} />
            <Typography.Text strong ellipsis style={{ flex: '1 1 auto', minWidth: 0 }} data-testid="shell-title">{heading}</Typography.Text>
            <Badge status={live ? 'success' : 'default'} data-testid="live-status" title={live ? t('live.on') : t('live.off')} style={{ flex: 'none' }} />
            <Typography.Text ellipsis={{ tooltip: false }} title={who} style={{ flex: '0 1 auto', minWidth: 0, maxWidth: '45%' }} data-testid="me">{me.displayName}</Typography.Text>
          </Layout.Header>
        ) : (
          <Layout.Header style={{ background: '#fff', padding: '0 16px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', height: 52, lineHeight: '52px' }}>
            <Typography.Text strong>{heading}</Typography.Text>
            <Space size="middle">
              <Tooltip title={live ? t('live.on') : t('live.off')}>
                <Badge status={live ? 'success' : 'default'} text={t('live.label')} data-testid="live-status" />
              </Tooltip>
              <LangSwitch />
              <span data-testid="me">
                {who}
              </span>
              {signOutButton}
            </Space>
          </Layout.Header>
        )}
        {me.demoUsersExist && (
          <Alert type="warning" banner showIcon title={t('demo.banner')} data-testid="demo-banner" />
        )}
        {(me.role === 'admin' || me.role === 'supervisor') && <ProvisionalBanner />}
        <Layout.Content style={phone ? { padding: 8, minWidth: 0 } : { padding: 16 }}>
          <ErrorBoundary resetKey={loc.path}>
            <Suspense fallback={<Loading />}>{page}</Suspense>
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
