// For admins and supervisors: open orders whose deadlines are provisional (a year's holiday schedule is
// missing), with the way out. Reads the server's calendar coverage; shows nothing when all is official.
import Alert from 'antd/es/alert';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useAsync } from '../../shared/useAsync';
import type { CalendarCoverage } from '../../shared/types';

export function ProvisionalBanner() {
  const { t } = useI18n();
  const { data } = useAsync((signal) => api<CalendarCoverage>('/sla/calendar', { signal }), []);
  const first = data?.provisional[0];
  if (!first) return null;
  const count = data.provisional.reduce((n, p) => n + p.openOrders, 0);
  return (
    <Alert type="warning" banner showIcon data-testid="provisional-banner" data-year={first.year}
      title={<a href="#/admin">{t('calendar.provisionalBanner', { count, year: first.year })}</a>} />
  );
}
