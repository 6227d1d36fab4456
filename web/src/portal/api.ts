// The portal's HTTP client: JSON in and out, problem+json errors as PortalError with the server's Chinese detail.
export class PortalError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly body: Record<string, unknown> = {}) {
    super(message);
  }
}

const FALLBACK: Record<string, string> = {
  network: '网络连接失败，请检查网络后重试。',
  csrf_rejected: '请求被拒绝，请刷新页面后重试。',
  payload_too_large: '照片太大，请少选几张或换小一些的照片。',
  overloaded: '系统繁忙，请稍后再试。',
  internal: '系统出错了，请稍后再试，或拨打 12345。',
};

export async function call<T>(path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/portal${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      // The forged-request check: pages of other sites cannot send this header.
      headers: { accept: 'application/json', 'x-minhu-request': '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
    });
  } catch {
    throw new PortalError(0, 'network', FALLBACK.network);
  }
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try { parsed = text ? JSON.parse(text) : {}; } catch { /* not JSON */ }
  if (!res.ok) {
    const code = String(parsed.code ?? `http_${res.status}`);
    const detail = typeof parsed.detail === 'string' && /[\u4e00-\u9fff]/.test(parsed.detail) ? parsed.detail : FALLBACK[code] ?? `提交失败（${res.status}），请稍后再试。`;
    throw new PortalError(res.status, code, detail, parsed);
  }
  return parsed as T;
}

export interface Kind { key: string; label: string; hint: string }
export interface Place { code: string; unitName: string; fullName: string; center: { lat: number; lng: number } | null }
export interface PublicOrder {
  number: string; status: string; statusLabel: string; title: string; address: string; categoryName: string | null; unitName: string | null;
  requesterPhone: string | null; photos: number; createdAt: string; resolveDueAt: string | null; closedAt: string | null;
  timeline: { at: string; label: string; text: string | null }[];
  reply: { at: string; text: string } | null;
  evaluation: { contacted: boolean; resolution: string; satisfaction: string; createdAt: string } | null;
  canEvaluate: boolean;
}

export const fmtTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
