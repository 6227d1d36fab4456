// Which years the official holiday calendar covers; deadlines outside them fail, so warn in advance.
import Alert from 'antd/es/alert';
import Descriptions from 'antd/es/descriptions';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { ErrorState, Loading } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import { CalendarYears } from './CalendarYears';
import type { CalendarCoverage } from '../../shared/types';

export function CalendarCheck() {
  const { t } = useI18n();
  const { data, error, reload } = useAsync((signal) => api<CalendarCoverage>('/sla/calendar', { signal }), []);
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  // "This year" is the server's, in the city's time zone (not the browser's clock or zone).
  const parts = new Intl.DateTimeFormat('en', { timeZone: data.timezone, year: 'numeric', month: 'numeric' }).formatToParts(new Date(data.now));
  const year = Number(parts.find((p) => p.type === 'year')!.value);
  const month = Number(parts.find((p) => p.type === 'month')!.value);
  const thisCovered = year >= data.firstYear && year <= data.lastYear;
  // 15-working-day deadlines set in December end in January: the next year must be there by then.
  const nextNeeded = month >= 11 && data.lastYear <= year;
  return (
    <div data-testid="calendar-check">
      <Descriptions bordered size="small" column={1} style={{ maxWidth: 520, marginBottom: 16 }} items={[
        { key: 'first', label: t('admin.calFirst'), children: data.firstYear },
        { key: 'last', label: t('admin.calLast'), children: <span data-testid="calendar-last-year">{data.lastYear}</span> },
        { key: 'tz', label: t('admin.calTz'), children: data.timezone },
      ]} />
      {!thisCovered ? (
        <Alert type="error" showIcon title={t('admin.calMissing', { year })} description={t('admin.calFix')} data-testid="calendar-status" data-ok="false" />
      ) : nextNeeded ? (
        <Alert type="warning" showIcon title={t('admin.calNextMissing', { year: year + 1 })} description={t('admin.calFix')} data-testid="calendar-status" data-ok="warn" />
      ) : (
        <Alert type="success" showIcon title={t('admin.calOk', { year })} data-testid="calendar-status" data-ok="true" />
      )}
      <div style={{ marginTop: 16 }}>
        <CalendarYears data={data} onChanged={reload} />
      </div>
    </div>
  );
}
