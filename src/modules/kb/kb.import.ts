// Knowledge-base files: a CSV or an Excel sheet with a header row, one article per line. Every line is
// checked before anything is written; a file with errors imports nothing and names each bad line.
import ExcelJS from 'exceljs';
import { parseCsv } from '../../shared/csv';
import { fail } from '../../shared/errors';
import type { ArticleInput } from './kb.service';

export interface KbImportError {
  line: number;
  message: string;
}
export const KB_IMPORT_MAX_ROWS = 10_000;

/** Header names accepted for each field (English or the Chinese a 12345 centre's spreadsheet uses). */
const HEADERS: Record<keyof Omit<ArticleInput, 'active' | 'categoryId'> | 'category', string[]> = {
  question: ['question', '问题', '标题'],
  answer: ['answer', '答案', '答复', '答复口径'],
  category: ['category', 'categoryid', '分类', '类别'],
  keywords: ['keywords', '关键词', '关键字'],
  source: ['source', '来源', '依据'],
  validFrom: ['validfrom', 'valid_from', '生效日期', '有效期起'],
  validTo: ['validto', 'valid_to', '失效日期', '有效期止'],
};
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function failImport(errors: KbImportError[]): never {
  // line 0: the file as a whole (not a workbook, unreadable); the message says it all
  const detail = errors[0].line === 0 ? errors[0].message : `${errors.length} line(s) have errors, e.g. line ${errors[0].line}: ${errors[0].message}`;
  fail('kb_import_failed', detail, { errors: errors.slice(0, 200) });
}

/** A day as YYYY-MM-DD from a cell (text like 2026-01-05 or 2026/1/5, or an Excel date). */
function day(v: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v.trim());
  if (!m) return null;
  const s = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${s}T00:00:00Z`);
  return DAY.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : null;
}

/** Turns table rows (first row = header) into articles; `categoryIds` maps a leaf name (or an id) to its id. */
export function articlesFromTable(table: { line: number; cells: string[] }[], categoryIds: Map<string, number>): ArticleInput[] {
  if (!table.length) failImport([{ line: 1, message: 'the file is empty; the first line names the columns (question, answer, category, keywords, source, validFrom, validTo)' }]);
  const head = table[0].cells.map((c) => c.trim().toLowerCase());
  const col = {} as Record<keyof typeof HEADERS, number>;
  for (const [k, names] of Object.entries(HEADERS) as [keyof typeof HEADERS, string[]][]) col[k] = head.findIndex((h) => names.includes(h));
  if (col.question < 0 || col.answer < 0) failImport([{ line: table[0].line, message: `the header must name the columns question (问题) and answer (答案); found: ${table[0].cells.join(', ') || '(nothing)'}` }]);
  const body = table.slice(1).filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (!body.length) failImport([{ line: table[0].line + 1, message: 'no articles below the header line' }]);
  if (body.length > KB_IMPORT_MAX_ROWS) failImport([{ line: body[KB_IMPORT_MAX_ROWS].line, message: `at most ${KB_IMPORT_MAX_ROWS} articles per file` }]);
  const errors: KbImportError[] = [];
  const items: ArticleInput[] = [];
  for (const r of body) {
    const get = (k: keyof typeof HEADERS) => (col[k] >= 0 ? (r.cells[col[k]] ?? '').trim() : '');
    const err = (message: string) => errors.push({ line: r.line, message });
    const a: ArticleInput = { question: get('question'), answer: get('answer') };
    if (!a.question) err('the question is empty');
    else if (a.question.length > 2000) err('the question is longer than 2000 characters');
    if (!a.answer) err('the answer is empty');
    else if (a.answer.length > 20000) err('the answer is longer than 20000 characters');
    const cat = get('category');
    if (cat) {
      const id = categoryIds.get(cat);
      if (id === undefined) err(`no catalog category named "${cat}"`);
      else a.categoryId = id;
    }
    const kw = get('keywords');
    if (kw) a.keywords = [...new Set(kw.split(/[;；,，、\s]+/).map((w) => w.trim()).filter(Boolean))].slice(0, 50).map((w) => w.slice(0, 50));
    const src = get('source');
    if (src.length > 500) err('the source is longer than 500 characters');
    else if (src) a.source = src;
    for (const k of ['validFrom', 'validTo'] as const) {
      const v = get(k);
      if (!v) continue;
      const d = day(v);
      if (!d) err(`${k} "${v}" is not a date; write it as YYYY-MM-DD`);
      else a[k] = d;
    }
    if (a.validFrom && a.validTo && a.validFrom > a.validTo) err('validFrom is after validTo');
    items.push(a);
  }
  if (errors.length) failImport(errors);
  return items;
}

const pad = (n: number) => String(n).padStart(2, '0');
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return '';
    return '';
  }
  return String(v);
}

/** The first sheet of an .xlsx workbook as table rows; anything that is not a readable workbook fails clearly. */
export async function tableFromXlsx(buf: Buffer): Promise<{ line: number; cells: string[] }[]> {
  // An .xlsx file is a ZIP archive: anything else (a CSV, an old .xls, a photo) is refused before parsing.
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50) failImport([{ line: 0, message: 'the file is not an Excel workbook (.xlsx); save it as .xlsx or as CSV (UTF-8) and import again' }]);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    failImport([{ line: 0, message: 'the workbook cannot be read (damaged or not an .xlsx file); save it again as .xlsx or as CSV (UTF-8)' }]);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) failImport([{ line: 0, message: 'the workbook has no sheet' }]);
  const rows: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value));
    rows.push({ line: n, cells });
  });
  return rows;
}

export function tableFromCsv(text: string): { line: number; cells: string[] }[] {
  if (text.includes('\u0000')) failImport([{ line: 0, message: 'the file is not a text CSV (it holds binary data); for Excel files choose the .xlsx format' }]);
  return parseCsv(text);
}
