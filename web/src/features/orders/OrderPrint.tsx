// The order as a one-page A4 工单 (#/orders/<id>/print): number, times, requester as the viewer sees it
// (masked or hidden), address, content, category, units, deadlines, instructions and a history summary.
// On screen it is a preview with 打印 / 返回; in print only the sheet remains (shell and toolbar hidden).
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import PrinterOutlined from '@ant-design/icons/PrinterOutlined';
import { useAuth } from '../../app/auth';
import { orderHref } from '../../app/router';
import { useI18n } from '../../i18n';
import { fmtDateTime } from '../../shared/format';
import { serverNow } from '../../shared/serverTime';
import type { Order } from '../../shared/types';
import { useInstructions } from '../instructions/InstructionsCard';

const PRINT_CSS = `
.order-sheet { background: #fff; width: 100%; max-width: 190mm; margin: 0 auto; padding: 10mm; color: #000; font-size: 10.5pt; line-height: 1.45; box-shadow: 0 0 0 1px #ddd; }
.order-sheet h1 { text-align: center; font-size: 16pt; margin: 0 0 2mm; letter-spacing: 2px; }
.order-sheet .sub { text-align: center; margin-bottom: 4mm; }
.order-sheet table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.order-sheet th, .order-sheet td { border: 1px solid #333; padding: 1.2mm 2mm; vertical-align: top; text-align: left; word-break: break-word; }
.order-sheet th { width: 22mm; background: #f3f3f3; font-weight: 600; white-space: nowrap; }
.order-sheet .content { white-space: pre-wrap; max-height: 60mm; overflow: hidden; }
.order-sheet .history td, .order-sheet .history th { font-size: 9pt; padding: 0.8mm 1.5mm; width: auto; }
.order-sheet .foot { margin-top: 3mm; display: flex; justify-content: space-between; font-size: 9pt; }
@media (max-width: 600px) { .order-sheet { padding: 4mm; font-size: 9.5pt; } .order-sheet th { width: 16mm; white-space: normal; } }
@media print {
  @page { size: A4 portrait; margin: 10mm; }
  .ant-layout-sider, .ant-layout-header, .no-print, [data-testid="demo-banner"], [data-testid="provisional-banner"] { display: none !important; }
  .ant-layout, .ant-layout-content { padding: 0 !important; background: #fff !important; }
  .order-sheet { box-shadow: none; padding: 0; max-width: none; break-inside: avoid; }
}`;

/** At most this many history lines, so the sheet stays one page (the newest kept; the count of the rest shown). */
const HISTORY_LINES = 14;

export function OrderPrint({ order }: { order: Order }) {
  const { t, te } = useI18n();
  const { me } = useAuth();
  const { data: instructions } = useInstructions(order.id, order.version);
  const r = order.requester;
  const requester = r.hidden ? t('order.requesterHidden') : [r.name, r.phone, r.company].filter(Boolean).join(' · ') || '—';
  const units = order.assignments.filter((a) => a.active).map((a) => `${te('assignRole', a.role)}：${a.unitName}`).join('；') || '—';
  const due = (d: { dueAt: string | null }) => (d.dueAt ? fmtDateTime(d.dueAt) : '—');
  const events = order.events.filter((e) => e.type !== 'phone_revealed');
  const shown = events.slice(-HISTORY_LINES);
  const times = [
    [t('order.createdAt'), order.createdAt], [t('print.signedAt'), order.signedAt], [t('print.firstContactAt'), order.firstContactAt],
    [t('print.repliedAt'), order.repliedAt], [t('print.closedAt'), order.closedAt],
  ].filter(([, v]) => v) as [string, string][];
  return (
    <div data-testid="order-print-view">
      <style>{PRINT_CSS}</style>
      <Space className="no-print" style={{ marginBottom: 12 }} wrap>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-now">{t('print.print')}</Button>
        <Button href={orderHref(order.id)} data-testid="print-back">{t('print.back')}</Button>
      </Space>
      <div className="order-sheet" data-testid="print-sheet">
        <h1>{t('print.heading')}</h1>
        <div className="sub">{t('order.number')}：<b data-testid="print-number">{order.number}</b>　{te('status', order.status)}{order.supervised ? `　${t('order.supervised')}` : ''}</div>
        <table>
          <tbody>
            <tr><th>{t('order.type')}</th><td>{te('type', order.type)} · {te('channel', order.channel)}</td><th>{t('order.tier')}</th><td>{te('tier', order.tier)}</td></tr>
            <tr><th>{t('print.times')}</th><td colSpan={3}>{times.map(([k, v]) => `${k} ${fmtDateTime(v)}`).join('；')}</td></tr>
            <tr><th>{t('order.requester')}</th><td colSpan={3} data-testid="print-requester">{requester}</td></tr>
            <tr><th>{t('order.address')}</th><td colSpan={3}>{order.address || '—'}</td></tr>
            <tr><th>{t('order.titleField')}</th><td colSpan={3}><b>{order.title}</b></td></tr>
            <tr><th>{t('print.content')}</th><td colSpan={3}><div className="content">{order.description || '—'}</div></td></tr>
            <tr><th>{t('order.category')}</th><td colSpan={3}>{order.categoryName ?? '—'}</td></tr>
            <tr><th>{t('print.units')}</th><td colSpan={3} data-testid="print-units">{units}</td></tr>
            <tr><th>{t('print.deadlines')}</th><td colSpan={3}>{`${te('deadlineKind', 'sign')} ${due(order.deadlines.sign)}；${te('deadlineKind', 'contact')} ${due(order.deadlines.contact)}；${te('deadlineKind', 'resolve')} ${due(order.deadlines.resolve)}`}</td></tr>
            {instructions && instructions.items.length > 0 && (
              <tr><th>{t('instruction.title')}</th><td colSpan={3} data-testid="print-instructions">
                {instructions.items.map((i) => <div key={i.id}>{i.givenBy.name}（{fmtDateTime(i.givenAt)}）：{i.text}{i.answer ? ` —— ${t('instruction.replied')}：${i.answer}` : ''}</div>)}
              </td></tr>
            )}
          </tbody>
        </table>
        <table className="history" style={{ marginTop: '3mm' }} data-testid="print-history">
          <colgroup><col style={{ width: '32mm' }} /><col style={{ width: '30mm' }} /><col /></colgroup>
          <thead><tr><th>{t('print.when')}</th><th>{t('print.what')}</th><th>{t('print.who')}</th></tr></thead>
          <tbody>
            {events.length > shown.length && <tr><td colSpan={3}>{t('print.earlier', { n: events.length - shown.length })}</td></tr>}
            {shown.map((e) => (
              <tr key={e.id}><td>{fmtDateTime(e.at)}</td><td>{te('event', e.type)}</td><td>{[e.unit?.name, e.actor?.name].filter(Boolean).join(' ') || t('print.system')}</td></tr>
            ))}
          </tbody>
        </table>
        <div className="foot"><span>{t('print.printedBy')}：{me?.displayName ?? ''}</span><span>{t('print.printedAt')}：{fmtDateTime(new Date(serverNow()).toISOString())}</span></div>
      </div>
    </div>
  );
}
