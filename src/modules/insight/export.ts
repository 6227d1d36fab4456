// Exports of the dashboard's tables: one Excel workbook (a sheet per table) or one table as CSV.
import ExcelJS from 'exceljs';
import type { Summary } from './insight.service';

export const TABLES = ['channels', 'types', 'statuses', 'categories', 'days', 'areas', 'overdue', 'supervised', 'hotspots', 'warnings'] as const;
export type TableName = (typeof TABLES)[number];

const TITLES: Record<TableName, string> = {
  channels: '渠道', types: '类型', statuses: '状态', categories: '高频分类', days: '每日量', areas: '区域', overdue: '超期工单', supervised: '督办工单', hotspots: '热点', warnings: '预警',
};

/** The rows (header first) of one table of a summary. */
export function tableRows(s: Summary, t: TableName): unknown[][] {
  switch (t) {
    case 'channels': return [['渠道', '工单量'], ...s.byChannel.map((r) => [r.key, r.count])];
    case 'types': return [['类型', '工单量'], ...s.byType.map((r) => [r.key, r.count])];
    case 'statuses': return [['状态', '工单量'], ...s.byStatus.map((r) => [r.key, r.count])];
    case 'categories': return [['分类', '工单量'], ...s.topCategories.map((r) => [r.name, r.count])];
    case 'days': return [['日期', '工单量'], ...s.byDay.map((r) => [r.day, r.count])];
    case 'areas': return [['单位', '类型', '期间工单量', '在办'], ...s.areas.map((r) => [r.name, r.type, r.count, r.open])];
    case 'hotspots': return [['热点', '关键词', '工单量', '增长', '热度'], ...s.hotspots.map((h) => [h.label, h.keywords.join(' '), h.count, h.growth, h.score])];
    case 'warnings': return [['预警', '类型', '状态', '单位'], ...s.warnings.map((x) => [x.title, x.kind, x.state, x.unitName ?? ''])];
    case 'overdue':
    case 'supervised':
      return [['工单编号', '标题', '状态', '主办单位', '办理时限'], ...s[t].items.map((r) => [r.number, r.title, r.status, r.unitName ?? '', r.resolveDueAt ?? ''])];
  }
}

const csvCell = (v: unknown) => {
  const t = String(v ?? '');
  // A leading = + - @ would be read as a formula by spreadsheet programs.
  const safe = /^[=+\-@]/.test(t) ? `'${t}` : t;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export function tableCsv(s: Summary, t: TableName): string {
  return '\ufeff' + tableRows(s, t).map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export async function summaryXlsx(s: Summary): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Minhu 民呼';
  const head = wb.addWorksheet('概览');
  head.addRows([
    ['范围', s.unit?.name ?? '全区'], ['期间', `${s.from} 至 ${s.to}`], ['期间工单量', s.total.count], ['上一期间', s.total.previous],
    ['今日', s.today.count], ['昨日', s.today.yesterday], ['本月', s.month.count], ['上月同期', s.month.lastMonthSamePeriod],
  ]);
  for (const t of TABLES) wb.addWorksheet(TITLES[t]).addRows(tableRows(s, t));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
