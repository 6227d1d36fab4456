// Downloads a file from the API (exports): fetched first so that a refusal (e.g. 422 export_too_large) shows
// as the server's message instead of saving a JSON problem as the file.
import { API_BASE, ApiError, buildQuery, type RequestOptions } from '../app/api';

export async function downloadFile(path: string, query: RequestOptions['query'], fallbackName: string): Promise<void> {
  const res = await fetch(API_BASE + path + buildQuery(query), { credentials: 'same-origin' });
  if (!res.ok) {
    let body: ConstructorParameters<typeof ApiError>[1] = { title: res.statusText };
    try { body = await res.json(); } catch { /* not JSON */ }
    throw new ApiError(res.status, body);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
