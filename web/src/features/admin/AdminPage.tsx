// 管理 — organisation, users, catalog, deadline policy and the holiday calendar check.
import Card from 'antd/es/card';
import Tabs from 'antd/es/tabs';
import { useI18n } from '../../i18n';
import { UnitTree } from './UnitTree';
import { UsersPanel } from './UsersPanel';
import { CatalogEditor } from './CatalogEditor';
import { SlaPolicies } from './SlaPolicies';
import { CalendarCheck } from './CalendarCheck';

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
        ]}
      />
    </Card>
  );
}
