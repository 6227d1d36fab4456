// Photos from the phone: made smaller in the browser (long side ≤ 1600 px, JPEG) so they upload fast on a
// mobile network; a photo the browser cannot draw (HEIC on some phones) is sent as it is.
export interface PickedPhoto { name: string; data: string; preview: string }

const MAX_SIDE = 1600;

function dataUrl(b: Blob): Promise<string> {
  return new Promise((ok, bad) => {
    const r = new FileReader();
    r.onload = () => ok(String(r.result));
    r.onerror = () => bad(r.error);
    r.readAsDataURL(b);
  });
}

export async function pickPhoto(file: File): Promise<PickedPhoto> {
  try {
    const bmp = await createImageBitmap(file);
    const k = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
    const c = document.createElement('canvas');
    c.width = Math.max(1, Math.round(bmp.width * k));
    c.height = Math.max(1, Math.round(bmp.height * k));
    c.getContext('2d')!.drawImage(bmp, 0, 0, c.width, c.height);
    const blob = await new Promise<Blob | null>((ok) => c.toBlob(ok, 'image/jpeg', 0.82));
    if (blob && blob.size < file.size) {
      const data = await dataUrl(blob);
      return { name: file.name.replace(/\.\w+$/, '') + '.jpg', data, preview: data };
    }
  } catch {
    /* not drawable here: send the original */
  }
  const data = await dataUrl(file);
  return { name: file.name, data, preview: data };
}
