// Attachments in the browser: the street handler drops a photo and a recording on the order page and pastes a
// screenshot; the photo shows as a thumbnail that opens a preview, the recording gets a player; a text file
// named .png is refused with the server's reason; a PDF goes with the 答复; the operator takes a photo with
// the intake form and the result says it was attached. Screenshots at 1440×900 and 390×844.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { api, expectText, shot, skipReason, unitByCode, withDiagnostics, TEST_TIMEOUT, useE2E, leafByName } from './_support';

const w = useE2E();
const { sessions, as } = w;
const STREET = '350102004';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A real (decodable) RGB PNG of one colour. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** 0.3 s of a 440 Hz tone, 8 kHz mono 16-bit PCM. */
function wav(): Buffer {
  const n = 2400;
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1'); h.writeUInt32LE(36 + data.length, 4); h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1'); h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24); h.writeUInt32LE(16000, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1'); h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

test('photos, recordings and documents: drop, paste, preview, play, refuse, attach on intake and with the reply', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'attachments', async () => {
    const op = await as('operator');
    const created = await api(op.page, '/orders', 'POST', { channel: 'phone', type: 'complaint', title: '浏览器测试：人行道井盖破损', description: '白马路人行道井盖破损，已有行人绊倒。', address: '鼓楼区东街', requester: { name: '吴先生', phone: '13900005555' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as number;
    const street = await unitByCode(op.page, STREET);
    const dispatched = await api(op.page, `/orders/${id}/dispatch`, 'POST', { version: created.body.version, mainUnitId: street.id, tier: 3, categoryId: await leafByName(op.page) });
    assert.equal(dispatched.status, 200, JSON.stringify(dispatched.body));

    // ---- the street handler drops a photo and a recording on the order page
    const h = await as(`handler.${STREET}`);
    const page = h.page;
    await page.goto(`${w.e2e.url}/#/orders/${id}`);
    await page.getByTestId('attachments-empty').waitFor();
    await page.getByTestId('attach-dropzone').locator('input[type=file]').setInputFiles([
      { name: '井盖.png', mimeType: 'image/png', buffer: png(64, 48, [200, 60, 40]) },
      { name: '录音.wav', mimeType: 'audio/wav', buffer: wav() },
    ]);
    const thumb = page.locator('[data-testid^="attachment-image-"][data-filename="井盖.png"] img');
    await thumb.waitFor();
    await page.locator('[data-testid^="attachment-audio-"][data-filename="录音.wav"]').waitFor();

    // a screenshot pasted into the section (as Ctrl+V does with an image on the clipboard)
    const pasted = png(40, 40, [30, 120, 200]).toString('base64');
    await page.getByTestId('attach-section').evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, pasted);
    await page.locator('[data-testid^="attachment-image-"][data-filename^="paste-"] img').waitFor();

    // thumbnails really load (same-origin URL under the console CSP) and are small
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid^="attachment-image-"] img')).every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 10_000 });
    const box = await thumb.boundingBox();
    assert.ok(box && box.width <= 100 && box.height <= 100, `thumbnail size ${JSON.stringify(box)}`);
    // the player has the recording (metadata read: 0.3 s)
    const player = page.locator('[data-testid^="attachment-audio-"] audio');
    await page.waitForFunction(() => (document.querySelector<HTMLAudioElement>('[data-testid^="attachment-audio-"] audio')?.readyState ?? 0) >= 1, null, { timeout: 10_000 });
    const duration = await player.evaluate((a: HTMLAudioElement) => a.duration);
    assert.ok(Math.abs(duration - 0.3) < 0.05, `audio duration ${duration}`);

    // a text file named .png: refused with the server's reason, nothing added
    await page.getByTestId('attach-dropzone').locator('input[type=file]').setInputFiles({ name: '伪装.png', mimeType: 'image/png', buffer: Buffer.from('这不是图片，只是一段文字。\n') });
    const refused = page.locator('[data-testid="attach-item"][data-name="伪装.png"][data-status="error"]');
    await refused.waitFor();
    await expectText(refused.getByTestId('attach-item-error'), /不接受这种文件类型[\s\S]*not a recognised file type/);
    const order = (await api(page, `/orders/${id}`)).body as { attachments: { filename: string; mime: string }[] };
    assert.deepEqual(order.attachments.map((a) => a.mime).sort(), ['audio/wav', 'image/png', 'image/png']);
    assert.ok(!order.attachments.some((a) => a.filename === '伪装.png'));
    await shot(page, 'attachments-order');

    // the preview opens large
    await thumb.click();
    const preview = page.locator('.ant-image-preview-img');
    await preview.waitFor();
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.ant-image-preview-img')?.naturalWidth ?? 0) === 64, null, { timeout: 10_000 });
    await shot(page, 'attachments-preview');
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' }).catch(() => preview.waitFor({ state: 'hidden' }));

    // ---- a PDF goes with the 答复 (uploaded before the reply is sent)
    let o = (await api(page, `/orders/${id}`)).body;
    o = (await api(page, `/orders/${id}/sign`, 'POST', { version: o.version })).body;
    o = (await api(page, `/orders/${id}/contact`, 'POST', { version: o.version, note: '电话联系吴先生' })).body;
    await page.reload();
    await page.getByTestId('action-reply').click();
    await page.getByTestId('action-dialog-reply').waitFor();
    await page.getByTestId('action-field-result').fill('已更换井盖。');
    await page.getByTestId('action-field-replyToRequester').fill('井盖已更换，感谢您的反映。');
    await page.getByTestId('reply-attach-dropzone').locator('input[type=file]').setInputFiles({ name: '验收单.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.locator('[data-testid="reply-attach-item"][data-status="waiting"]').waitFor();
    await page.getByTestId('action-submit').click();
    await page.locator('[data-testid="order-page"][data-status="replied"]').waitFor();
    const doc = page.locator('[data-testid^="attachment-doc-"][data-filename="验收单.pdf"]');
    await doc.waitFor();
    assert.equal(await doc.getByTestId('attachment-download').getAttribute('download'), '验收单.pdf');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('attachments').scrollIntoViewIfNeeded();
    await shot(page, 'attachments-order-390');

    // ---- the operator photographs the scene on intake; it is attached once the order is saved
    await op.page.goto(`${w.e2e.url}/#/intake`);
    await op.page.getByTestId('intake-form').waitFor();
    await op.page.getByTestId('intake-name').fill('郑女士');
    await op.page.getByTestId('intake-phone').fill('13900006666');
    await op.page.getByTestId('intake-title').fill('浏览器测试：路边违停占用盲道');
    await op.page.getByTestId('intake-description').fill('东街口长期有车辆停在盲道上。');
    const camera = op.page.getByTestId('intake-attach-camera-input');
    assert.equal(await camera.getAttribute('capture'), 'environment');
    await camera.setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: png(32, 32, [20, 160, 60]) });
    await op.page.locator('[data-testid="intake-attach-item"][data-name="IMG_0001.png"][data-status="waiting"]').waitFor();
    await shot(op.page, 'attachments-intake');
    await op.page.getByTestId('intake-submit').click();
    await op.page.getByTestId('intake-result').waitFor();
    await expectText(op.page.getByTestId('intake-attached'), /已附 1 个附件/);
    const newId = Number(await op.page.getByTestId('order-number').getAttribute('data-order-id'));
    const saved = (await api(op.page, `/orders/${newId}`)).body as { attachments: { filename: string; mime: string }[] };
    assert.deepEqual(saved.attachments.map((a) => [a.filename, a.mime]), [['IMG_0001.png', 'image/png']]);

    for (const s of sessions) assert.deepEqual(s.pageErrors, [], `no page errors for ${s.user}`);
  });
});
