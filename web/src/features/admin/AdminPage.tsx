// 管理 — organisation, users, catalog, deadline policy, the holiday calendar check and notifications.
import Card from 'antd/es/card';
import Tabs from 'antd/es/tabs';
import { useI18n } from '../../i18n';
import { UnitTree } from './UnitTree';
import { UsersPanel } from './UsersPanel';
import { CatalogEditor } from './CatalogEditor';
import { SlaPolicies } from './SlaPolicies';
import { CalendarCheck } from './CalendarCheck';
import { NotificationsPanel } from './NotificationsPanel';
import { ReturnFallbacks } from './ReturnFallbacks';
import { KbPanel } from './KbPanel';

export default function AdminPage() {
  const { t } = useI18n();
  return (
    <Card data-testid="admin">
      <Tabs
        items={[
          { key: 'units', label: <span data-testid="tab-units">{t('admin.units')}</span>, children: <UnitTree /> },
          { key: 'users', label: <span data-testid="tab-users">{t('admin.users')}</span>, children: <UsersPanel /> },
          { key: 'catalog', label: <span data-testid="tab-catalog">{t('admin.catalog')}</span>, children: <CatalogEditor /> },
          { key: 'sla', label: <span data-testid="tab-sla">{t('admin.sla')}</span>, children: <SlaPolicies /> },
          { key: 'calendar', label: <span data-testid="tab-calendar">{t('admin.calendar')}</span>, children: <CalendarCheck /> },
          { key: 'kb', label: <span data-testid="tab-kb">{t('admin.kb')}</span>, children: <KbPanel /> },
          { key: 'notify', label: <span data-testid="tab-notify">{t('admin.notify')}</span>, children: <NotificationsPanel /> },
          { key: 'fallbacks', label: <span data-testid="tab-fallbacks">{t('admin.fallbacks')}</span>, children: <ReturnFallbacks /> },
        ]}
      />
    </Card>
  );
}
