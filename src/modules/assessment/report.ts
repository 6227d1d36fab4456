// The month's report: an Excel workbook (rankings per unit type, per-unit details, the order list behind
// every number) and the same order list as CSV.
import ExcelJS from 'exceljs';
import type { Queryable } from '../../db';
import type { Services } from '../../services';
import type { AuthUser } from '../users/users.repo';
import { checkSeesAll } from './access';
import { checkMonth } from './month';
import { latestPublication } from './publish';
import { sourceSql, type Source } from './rates';
import { ASSESSED_TYPES } from './rankings';

const TYPE_NAMES: Record<string, string> = { street: '街道', town: '乡镇', department: '部门', company: '企业' };
const CATEGORY_NAMES: Record<string, string> = { advanced: '先进类', improved: '进步类', rectify: '整改类', governance: '治理类' };

export interface OrderLine {
  unitName: string;
  unitType: string;
  number: string;
  title: string;
  endedAt: Date | null;
  contactedOnTime: boolean;
  evaluation: string | null;
  resolution: string | null;
  satisfaction: string | null;
  exemption: string | null;
  exemptionReason: string | null;
}

/** Every fact of the month (assessed and exempted orders), per unit. */
export async function orderLines(q: Queryable, month: string, src: Source): Promise<OrderLine[]> {
  const s = sourceSql(src, 1, 2);
  const { rows } = await q.query<OrderLine>(
    `select u.name as "unitName", u.type as "unitType", o.number, o.title, f.ended_at as "endedAt",
       coalesce(f.first_contact_at <= f.contact_due_at, false) as "contactedOnTime", f.evaluation, f.resolution, f.satisfaction,
       f.exemption, f.exemption_reason as "exemptionReason"
     from ${s.table} f join orders o on o.id = f.order_id join units u on u.id = f.unit_id where ${s.where} order by u.type, u.name, o.number`,
    [month, ...s.params(0)],
  );
  return rows;
}

const pct = (x: number | null) => (x === null ? '' : Math.round(x * 10000) / 100);
const LINE_HEAD = ['单位', '类型', '工单编号', '标题', '办结时间', '按时联系', '回访结果', '解决情况', '满意度', '免考核', '免考核理由'];
const lineRow = (l: OrderLine) => [
  l.unitName, TYPE_NAMES[l.unitType] ?? l.unitType, l.number, l.title, l.endedAt ? new Date(l.endedAt).toISOString() : '', l.contactedOnTime ? '是' : '否',
  l.evaluation ?? '', l.resolution ?? '', l.satisfaction ?? '', l.exemption ?? '', l.exemptionReason ?? '',
];

async function sourceOf(s: Services, month: string): Promise<Source> {
  const pub = await latestPublication(s.db, month);
  return pub ? { kind: 'snapshot', version: pub.version } : { kind: 'live' };
}

export async function reportXlsx(s: Services, user: AuthUser, month: string): Promise<Buffer> {
  checkSeesAll(user);
  checkMonth(month);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Minhu 民呼';
  const details: unknown[][] = [];
  details.push(['单位', '类型', '考核件', '免考核', '按时联系', '回访评价', '已解决', '部分解决', '满意', '基本满意', '响应率%', '解决率%', '满意率%', '综合得分']);
  for (const type of ASSESSED_TYPES) {
    const r = await s.assessment.rankings(user, month, type);
    const sheet = wb.addWorksheet(`${TYPE_NAMES[type]}排名`);
    sheet.addRow([`${month} ${TYPE_NAMES[type]}考核排名`, r.published ? `已发布 第${r.version}版` : '未发布（实时）', `权重 a=${r.weights.a} b=${r.weights.b} c=${r.weights.c} wp=${r.weights.wp} wb=${r.weights.wb}`]);
    sheet.addRow(['名次', '单位', '考核件', '响应率%', '解决率%', '满意率%', '综合得分', '环比', '类别']);
    for (const i of r.items) {
      sheet.addRow([i.rank ?? '未参与排名', i.unitName, i.assessed, pct(i.responseRate), pct(i.resolutionRate), pct(i.satisfactionRate), pct(i.composite), i.change === null ? '' : pct(i.change), i.category ? CATEGORY_NAMES[i.category] : '']);
      details.push([i.unitName, TYPE_NAMES[type], i.assessed, i.exempted, i.responded, i.evaluated, i.resolved, i.partly, i.satisfied, i.basically, pct(i.responseRate), pct(i.resolutionRate), pct(i.satisfactionRate), pct(i.composite)]);
    }
    sheet.columns.forEach((c) => (c.width = 14));
  }
  wb.addWorksheet('单位明细').addRows(details);
  const orders = wb.addWorksheet('工单清单');
  orders.addRow(LINE_HEAD);
  for (const l of await orderLines(s.db, month, await sourceOf(s, month))) orders.addRow(lineRow(l));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvCell = (v: unknown) => {
  const t = String(v ?? '');
  // A leading = + - @ would be read as a formula by spreadsheet programs.
  const safe = /^[=+\-@]/.test(t) ? `'${t}` : t;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export async function reportCsv(s: Services, user: AuthUser, month: string): Promise<string> {
  checkSeesAll(user);
  checkMonth(month);
  const lines = await orderLines(s.db, month, await sourceOf(s, month));
  return '\ufeff' + [LINE_HEAD, ...lines.map(lineRow)].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
