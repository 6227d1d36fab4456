// `npm run bench -- effort [--calls 8]`: operator effort at intake, measured in a real browser on a demo server. For a
// set of typical calls (real message-board texts from ../shared/data when present, else built-in ones) the script
// does what an operator does with the suggestions accepted, and counts the inputs: one per field typed (the caller's
// words are dictated, so a field's text is one input), one per click or shortcut. Prints one JSON line with the
// median and maximum inputs per call, the inputs per kind of call, and the seconds from the first keystroke to the
// saved order (a machine's seconds: what the console and the server add, not a person's typing).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { ROOT } from './lib/server';
import { startE2E } from '../test/e2e/_support';

interface Call { type: 'complaint' | 'help' | 'consult'; name: string; phone: string; address: string; title: string; description: string }

const BUILT_IN: Call[] = [
  { type: 'complaint', name: '王女士', phone: '13905911234', address: '鼓楼区东街街道军门社区杨桥中路12号', title: '夜间施工噪音扰民', description: '楼下工地每天晚上十一点以后还在打桩，孩子无法入睡，希望有关部门管一管。' },
  { type: 'help', name: '李先生', phone: '13805912345', address: '鼓楼区五凤街道白龙路18号', title: '小区停水一整天', description: '从早上开始停水，物业说不清原因，老人做饭都没有水。' },
  { type: 'complaint', name: '陈先生', phone: '13705913456', address: '鼓楼区华大街道屏山社区', title: '路灯不亮', description: '屏山社区门口几盏路灯坏了一个多月，晚上出行很不安全。' },
  { type: 'consult', name: '林女士', phone: '13605914567', address: '', title: '社保缴纳怎么办理', description: '灵活就业人员想问社保在哪里缴纳，需要带什么材料。' },
];

/** Typical calls: the first short real messages (title ≤ 30 characters) when the shared data is there. */
function typicalCalls(n: number): { calls: Call[]; source: string } {
  const file = path.resolve(ROOT, '../shared/data/messages-labeled.jsonl');
  if (!fs.existsSync(file)) return { calls: BUILT_IN.slice(0, n), source: 'built-in' };
  const calls: Call[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (calls.length >= n) break;
    try {
      const m = JSON.parse(line) as { title?: string; detail?: string };
      if (!m.title || !m.detail || m.title.length > 30) continue;
      calls.push({ type: 'complaint', name: '市民', phone: `1390591${String(1000 + calls.length).padStart(4, '0')}`, address: '', title: m.title, description: m.detail.slice(0, 300) });
    } catch {
      // not a message line
    }
  }
  return { calls: [...BUILT_IN, ...calls].slice(0, n), source: 'built-in + messages-labeled.jsonl' };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { calls: { type: 'string', default: '8' } } });
  const n = Number(values.calls);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    console.error('usage: npm run bench -- effort [--calls 8]');
    return 2;
  }
  const built = spawnSync(process.execPath, ['scripts/ensure-web.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) return 1;
  const { calls, source } = typicalCalls(n);
  const e2e = await startE2E();
  try {
    const s = await e2e.signIn('operator');
    const page = s.page;
    const results: { type: string; inputs: number; seconds: number; categoryAccepted: boolean; typeInferred: boolean }[] = [];
    let prefilledCount = 0;
    for (const c of calls) {
      // 来电弹屏: the telephony system opens the intake with the caller's number (no input).
      await page.goto(`${e2e.url}/#/intake?caller=${c.phone}`);
      await page.getByTestId('intake-form').waitFor();
      await page.getByTestId('intake-name').focus();
      let inputs = 0;
      const t0 = performance.now();
      // The title stays empty: the description's first sentence becomes the title.
      for (const [id, v] of [['intake-name', c.name], ['intake-address', c.address], ['intake-description', c.description]] as const) {
        if (!v) continue;
        await page.getByTestId(id).fill(v);
        inputs++;
      }
      // The type follows the description's words (request-type.ts) until the operator picks one: one input (type the
      // kind's name and Enter) only when what is shown is not the call's type.
      const LABEL = { complaint: '投诉', help: '求助', consult: '咨询' } as const;
      await page.waitForTimeout(50);
      const shownType = (await page.getByTestId('intake-type').innerText()).trim();
      const typeInferred = shownType === LABEL[c.type];
      if (!typeInferred) {
        await page.getByTestId('intake-type').locator('input').focus();
        await page.keyboard.type(LABEL[c.type]);
        await page.keyboard.press('Enter');
        inputs++;
      }
      // A confident suggestion fills the category by itself (智能预填, no input); otherwise accept the first
      // suggestion with one click when the assistant offers one within 5 s.
      const suggestion = page.locator('[data-testid^="assist-category-"]').first();
      const categoryAccepted = await suggestion.waitFor({ timeout: 5000 }).then(() => true, () => false);
      const prefilled = categoryAccepted && await page.getByTestId('intake-category-prefilled').waitFor({ timeout: 1000 }).then(() => true, () => false);
      if (categoryAccepted && !prefilled) {
        await suggestion.click();
        inputs++;
      }
      if (prefilled) prefilledCount++;
      await page.getByTestId('intake-description').focus();
      await page.keyboard.press('Control+Enter');
      inputs++;
      await page.getByTestId('intake-result').waitFor();
      results.push({ type: c.type, inputs, seconds: Math.round((performance.now() - t0) / 100) / 10, categoryAccepted, typeInferred });
      await page.getByTestId('intake-new').click();
    }
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
    const byType = Object.fromEntries(['complaint', 'help', 'consult'].map((t) => [t, results.filter((r) => r.type === t).map((r) => r.inputs)]).filter(([, v]) => (v as number[]).length));
    console.log(JSON.stringify({
      bench: 'effort', db: e2e.backend, calls: results.length, source, medianInputs: median(results.map((r) => r.inputs)), maxInputs: Math.max(...results.map((r) => r.inputs)),
      inputsByType: byType, medianSeconds: median(results.map((r) => r.seconds)), categoryAccepted: results.filter((r) => r.categoryAccepted).length, categoryPrefilled: prefilledCount, typeInferred: results.filter((r) => r.typeInferred).length,
    }));
    await s.ctx.close();
    return 0;
  } finally {
    await e2e.close();
  }
}
