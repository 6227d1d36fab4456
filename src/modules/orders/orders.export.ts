// Export of an order list (Excel or CSV): the same filters, scope and masking as GET /orders, every matching
// row up to a cap (beyond it the export is refused with a clear error instead of a silently cut file).
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Queryable } from '../../db';
import { fail } from '../../shared/errors';
import type { AuthUser } from '../users/users.repo';
import { auditPhoneSearch, listWhere, type ListFilter } from './orders.list';
import { ORDER_COLS, type OrderRow } from './orders.repo';
import { toSummary } from './orders.view';

/** An export holds at most this many orders. */
export const EXPORT_CAP = 50_000;
export type ExportFormat = 'xlsx' | 'csv';

const STATUS: Record<string, string> = {
  registered: '已登记', answered: '直接办结', dispatched: '已派单', accepted: '已签收', return_requested: '退单申请', replied: '已反馈',
  reopened: '重办', closed: '已归档', merged: '已并单', invalid: '无效', listed: '挂账',
};
const TYPE: Record<string, string> = { consult: '咨询', help: '求助', complaint: '投诉', report: '举报', suggestion: '建议', praise: '表扬/感谢', other: '其他' };
const CHANNEL: Record<string, string> = {
  phone: '电话', web: '网站', wechat: '微信', app: 'App', qr: '幸福码', message_board: '领导留言板', grid: '网格员巡查', enterprise: '企业专席', api: '接口', open311: 'Open311',
};
const WARNING: Record<string, string> = { green: '正常', yellow: '黄牌', red: '红牌' };

export const EXPORT_HEAD = ['工单编号', '受理时间', '状态', '类型', '渠道', '标题', '诉求内容', '地址', '分类', '承办单位', '签收时限', '办结时限', '预警', '督办', '市民', '电话'];

/** Local wall-clock time of the city, e.g. 2026-12-01 16:30. */
function localTime(iso: string | null, tz: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

/** The rows of the export as the viewer may see them (the requester masked or hidden exactly like the list). */
export async function exportRows(db: Queryable, user: AuthUser, f: ListFilter, now: Date, tz: string, cap = EXPORT_CAP): Promise<string[][]> {
  const { cond, params } = listWhere(user, f, now, tz);
  const { rows: cnt } = await db.query<{ n: number }>(`select count(*)::int as n from (select 1 from orders o ${cond} limit ${Math.floor(cap) + 1}) x`, params);
  if (f.phone) await auditPhoneSearch(db, user, f.phone, Math.min(cnt[0].n, cap), now, { export: true });
  if (cnt[0].n > cap) fail('export_too_large', `more than ${cap} orders match; narrow the filters (e.g. a shorter time range) and export again`, { cap });
  const { rows } = await db.query<OrderRow & { categoryName: string | null; mainUnitName: string | null }>(
    `select ${ORDER_COLS}, c.name as "categoryName", mu.name as "mainUnitName" from orders o
     left join catalog_categories c on c.id = o.category_id left join units mu on mu.id = o.main_unit_id
     ${cond} order by o.created_at desc, o.id desc`,
    params,
  );
  return rows.map((r) => {
    const s = toSummary(user, r, { categoryName: r.categoryName, mainUnitName: r.mainUnitName }, now);
    const requester = s.requester.hidden ? '（保密）' : s.requester.name ?? '';
    return [
      s.number, localTime(s.createdAt, tz), STATUS[s.status] ?? s.status, TYPE[s.type] ?? s.type, CHANNEL[s.channel] ?? s.channel, s.title, r.description, s.address,
      s.categoryName ?? '', s.mainUnitName ?? '', localTime(s.signDueAt, tz), localTime(s.resolveDueAt, tz), s.warning ? WARNING[s.warning] : '', s.supervised ? '是' : '',
      requester, s.requester.hidden ? '' : s.requester.phone ?? '',
    ];
  });
}

const csvCell = (v: string) => {
  // A leading = + - @ would be read as a formula by spreadsheet programs.
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export function renderCsv(rows: string[][]): string {
  return '\ufeff' + [EXPORT_HEAD, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * The workbook, written row by row with exceljs' streaming writer and a pause every few hundred rows, so that a
 * 50,000-row export neither holds the whole sheet model in memory nor blocks the event loop for seconds.
 */
export async function renderXlsx(rows: string[][]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  wb.creator = 'Minhu 民呼';
  const sheet = wb.addWorksheet('工单', { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths = [16, 17, 9, 8, 10, 30, 40, 30, 14, 18, 17, 17, 6, 6, 10, 14];
  sheet.columns = EXPORT_HEAD.map((_, i) => ({ width: widths[i] ?? 12 }));
  const head = sheet.addRow(EXPORT_HEAD);
  head.font = { bold: true };
  head.commit();
  for (let i = 0; i < rows.length; i++) {
    sheet.addRow(rows[i]).commit();
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  sheet.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}
