// Entering the next year's holiday schedule from the State Council notice when the calendar package lags
// (PUT /sla/calendar/years/:year), and the years entered so far. All or nothing: a 422 lists every mistake.
import { useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Input from 'antd/es/input';
import Popconfirm from 'antd/es/popconfirm';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { api, isApiError, type ApiError } from '../../app/api';
import { useI18n } from '../../i18n';
import { errorTitle } from '../../i18n/errors';
import type { CalendarCoverage } from '../../shared/types';
import { fmtDateTime } from '../../shared/format';

/** "2027-02-06~2027-02-12 春节" or "2027-01-01 元旦", one per line. */
function parseLines(text: string) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [dates = '', ...name] = l.split(/\s+/);
    const [from = '', to] = dates.split(/[~～至]/);
    return { from, to: to || undefined, name: name.join(' ') };
  });
}

export function CalendarYears({ data, onChanged }: { data: CalendarCoverage; onChanged(): void }) {
  const { t, lang } = useI18n();
  const year = data.lastYear + 1;
  const [source, setSource] = useState('');
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      onChanged();
    } catch (e) {
      if (isApiError(e)) setError(e); else throw e;
    } finally {
      setBusy(false);
    }
  };
  const save = () => run(async () => {
    await api(`/sla/calendar/years/${year}`, {
      method: 'PUT',
      body: { source, holidays: parseLines(holidays), workdays: parseLines(workdays).map((w) => ({ date: w.from, name: w.name })) },
    });
    setHolidays('');
    setWorkdays('');
    setSource('');
  });
  // holidays[3].from → 放假安排 第 4 行
  const where = (path: string) => {
    const m = /^(holidays|workdays)(?:\[(\d+)\])?/.exec(path ?? '');
    if (!m) return path;
    const list = m[1] === 'holidays' ? t('admin.calHolidaysShort') : t('admin.calWorkdaysShort');
    return m[2] === undefined ? list : t('admin.calLineOf', { list, line: Number(m[2]) + 1 });
  };
  const newest = data.entered.length ? data.entered[data.entered.length - 1].year : null;

  return (
    <Card size="small" title={t('admin.calEnterTitle', { year })} style={{ maxWidth: 760 }} data-testid="calendar-years">
      <Typography.Paragraph type="secondary">{t('admin.calEnterHint', { shipped: data.shippedLastYear })}</Typography.Paragraph>
      {data.entered.length > 0 && (
        <Table
          size="small" rowKey="year" pagination={false} style={{ marginBottom: 12 }} dataSource={data.entered} data-testid="calendar-entered"
          columns={[
            { title: t('admin.calYear'), dataIndex: 'year', width: 70 },
            { title: t('admin.calSource'), dataIndex: 'source' },
            { title: t('admin.calDaysOff'), render: (_, r) => Object.keys(r.holidays).length, width: 90 },
            { title: t('admin.calMakeUp'), render: (_, r) => Object.keys(r.workdays).length, width: 90 },
            { title: t('admin.calEnteredAt'), render: (_, r) => fmtDateTime(r.enteredAt), width: 170 },
            {
              title: '', width: 80,
              render: (_, r) => r.year === newest && (
                <Popconfirm title={t('admin.calRemoveConfirm', { year: r.year })} onConfirm={() => void run(() => api(`/sla/calendar/years/${r.year}`, { method: 'DELETE' }))}>
                  <Button size="small" danger>{t('admin.calRemove')}</Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
      <Input placeholder={t('admin.calSourcePlaceholder')} value={source} onChange={(e) => setSource(e.target.value)} style={{ marginBottom: 8 }} data-testid="calendar-source" />
      <Typography.Text strong>{t('admin.calHolidays')}</Typography.Text>
      <Input.TextArea value={holidays} onChange={(e) => setHolidays(e.target.value)} autoSize={{ minRows: 4, maxRows: 10 }}
        placeholder={`${year}-01-01 元旦\n${year}-02-06~${year}-02-12 春节`} style={{ fontFamily: 'ui-monospace, Menlo, monospace', marginBottom: 8 }} data-testid="calendar-holidays" />
      <Typography.Text strong>{t('admin.calWorkdays')}</Typography.Text>
      <Input.TextArea value={workdays} onChange={(e) => setWorkdays(e.target.value)} autoSize={{ minRows: 2, maxRows: 6 }}
        placeholder={`${year}-02-20 春节调休上班`} style={{ fontFamily: 'ui-monospace, Menlo, monospace' }} data-testid="calendar-workdays" />
      <Button type="primary" style={{ marginTop: 8 }} disabled={!holidays.trim()} loading={busy} onClick={() => void save()} data-testid="calendar-save">
        {t('admin.calSave', { year })}
      </Button>
      {error && (
        <div style={{ marginTop: 12 }} data-testid="calendar-errors">
          <Alert type="error" showIcon title={errorTitle(error.code, error.title, lang)} description={error.errors.length ? undefined : error.detail} />
          {error.errors.length > 0 && (
            <Table size="small" style={{ marginTop: 8 }} rowKey={(r) => `${r.path}-${r.message}`} dataSource={error.errors} pagination={false}
              columns={[{ title: t('admin.line'), dataIndex: 'path', width: 160, render: (p: string) => where(p) }, { title: t('admin.problem'), dataIndex: 'message' }]} />
          )}
        </div>
      )}
    </Card>
  );
}
