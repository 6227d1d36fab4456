// The magic number is only the first bytes: `GIF89a<html>…` sniffs as image/gif. A file is accepted
// only when its header really parses as the sniffed format and its first KB holds no HTML/script markup
// (which a browser that sniffs, or an old viewer, could run).

const MARKUP = /<(?:html|head|body|script|iframe|svg|object|embed|meta|!doctype)[\s>/]/i;

/** Why the bytes are not what the sniffed type claims, or null when they are. */
export function contentMismatch(mime: string, data: Buffer): string | null {
  if (MARKUP.test(data.subarray(0, 1024).toString('latin1'))) return 'the file contains HTML or script markup';
  const check = HEADER_CHECKS[mime];
  if (check && !check(data)) return `the file starts like ${mime} but its header is not valid`;
  return null;
}

const HEADER_CHECKS: Record<string, (b: Buffer) => boolean> = {
  'image/png': (b) =>
    // IHDR is the first chunk: length 13, non-zero size, a legal bit depth and colour type.
    b.length >= 33 && b.readUInt32BE(8) === 13 && b.toString('latin1', 12, 16) === 'IHDR' && b.readUInt32BE(16) > 0 && b.readUInt32BE(20) > 0 &&
    [1, 2, 4, 8, 16].includes(b[24]!) && [0, 2, 3, 4, 6].includes(b[25]!),
  'image/gif': (b) => {
    // Logical screen descriptor, optional global colour table, then an extension, an image or the trailer.
    if (b.length < 14 || b.readUInt16LE(6) === 0 || b.readUInt16LE(8) === 0) return false;
    const packed = b[10]!;
    const next = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
    return next < b.length && [0x21, 0x2c, 0x3b].includes(b[next]!);
  },
  // SOI then a marker segment (APPn, DQT, SOFn, DHT, COM …).
  'image/jpeg': (b) => b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff && b[3]! >= 0xc0 && b[3]! !== 0xff,
  'image/webp': (b) => b.length >= 16 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP' && ['VP8 ', 'VP8L', 'VP8X'].includes(b.toString('latin1', 12, 16)),
};
