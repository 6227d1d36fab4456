// The printable A4 sheet of a street's 幸福码 (SVG in millimetres, one page per PER_PAGE codes): each cell has
// the QR code of the code's URL (drawn from the `qrcode` package's module matrix), the unit's name, its
// community for a grid, and the code in text for anyone who cannot scan.
import QRCode from 'qrcode';
import type { HappyCode } from './happy-codes';

export const PER_PAGE = 20;
const COLS = 4;
const ROWS = 5;
const A4 = { w: 210, h: 297 };
const MARGIN = 12;
const HEADER = 22;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One path of unit squares for the dark modules (quiet zone left to the caller). */
export function qrPath(text: string): { size: number; d: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) parts.push(`M${c} ${r}h1v1h-1z`);
  }
  return { size: modules.size, d: parts.join('') };
}

/** The printed name: a grid's community is added unless its name already says it (军门社区第1网格). */
export function cellName(c: Pick<HappyCode, 'unitType' | 'unitName' | 'parentName'>): string {
  return c.unitType === 'grid' && c.parentName && !c.unitName.startsWith(c.parentName) ? `${c.parentName} ${c.unitName}` : c.unitName;
}

export function pagesOf(n: number): number {
  return Math.max(1, Math.ceil(n / PER_PAGE));
}

export function sheetSvg(streetName: string, codes: HappyCode[], page: number): string {
  const pages = pagesOf(codes.length);
  const items = codes.slice((page - 1) * PER_PAGE, page * PER_PAGE);
  const cw = (A4.w - 2 * MARGIN) / COLS;
  const ch = (A4.h - 2 * MARGIN - HEADER) / ROWS;
  const qr = Math.min(cw - 10, ch - 16);
  const cells = items.map((c, i) => {
    const x = MARGIN + (i % COLS) * cw;
    const y = MARGIN + HEADER + Math.floor(i / COLS) * ch;
    const { size, d } = qrPath(c.url);
    // 4 modules of quiet zone on each side, as the standard asks.
    const scale = qr / (size + 8);
    const name = cellName(c);
    return `<g class="cell" data-code="${esc(c.code)}" data-url="${esc(c.url)}">
  <rect x="${(x + 2).toFixed(2)}" y="${(y + 1).toFixed(2)}" width="${(cw - 4).toFixed(2)}" height="${(ch - 2).toFixed(2)}" rx="2" fill="none" stroke="#c8102e" stroke-width="0.3" stroke-dasharray="1.5 1"/>
  <g transform="translate(${(x + (cw - qr) / 2 + 4 * scale).toFixed(3)} ${(y + 2 + 4 * scale).toFixed(3)}) scale(${scale.toFixed(5)})"><path d="${d}" fill="#000"/></g>
  <text x="${(x + cw / 2).toFixed(2)}" y="${(y + qr + 6).toFixed(2)}" font-size="${name.length > 12 ? 2.8 : 3.4}" text-anchor="middle" font-weight="bold">${esc(name)}</text>
  <text x="${(x + cw / 2).toFixed(2)}" y="${(y + qr + 10.5).toFixed(2)}" font-size="2.6" text-anchor="middle" fill="#555">扫码反映问题 · 码 ${esc(c.code)}</text>
</g>`;
  });
  const title = `${esc(streetName)} 幸福码`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${A4.w}mm" height="${A4.h}mm" viewBox="0 0 ${A4.w} ${A4.h}" font-family="'PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif">
<title>${title}（第 ${page}/${pages} 页）</title>
<rect width="${A4.w}" height="${A4.h}" fill="#fff"/>
<text x="${MARGIN}" y="${MARGIN + 8}" font-size="7" font-weight="bold" fill="#c8102e">${title}</text>
<text x="${MARGIN}" y="${MARGIN + 15}" font-size="3.5" fill="#333">手机扫码即可向 12345 反映身边问题，地点自动定位到所在社区或网格。第 ${page}/${pages} 页，共 ${codes.length} 个码。</text>
${cells.join('\n')}
</svg>
`;
}
