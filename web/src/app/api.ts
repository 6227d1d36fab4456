// The one HTTP client of the console. Non-2xx answers become ApiError carrying the problem+json fields,
// so every screen can show the server's own `detail`/`title` instead of a blank page.

import { noteServerTime, noteServerZone } from '../shared/serverTime';

export interface FieldError { path?: string; line?: number; message: string }

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];
  constructor(status: number, body: Partial<{ code: string; title: string; detail: string; errors: FieldError[] }>) {
    super(body.detail || body.title || `HTTP ${status}`);
    this.status = status;
    this.code = body.code ?? (status === 0 ? 'network' : `http_${status}`);
    this.title = body.title ?? `HTTP ${status}`;
    this.detail = body.detail;
    this.errors = Array.isArray(body.errors) ? body.errors : [];
  }
  /** What to show a person: the specific detail when the server gave one, else the general title. */
  get userMessage(): string {
    return this.detail && this.detail !== this.title ? `${this.title} ${this.detail}` : this.title;
  }
}

type Listener = (err: ApiError) => void;
const unauthorizedListeners = new Set<Listener>();
/** The auth context listens here so that an expired session returns the user to the sign-in page. */
export function onUnauthorized(fn: Listener): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

export const API_BASE = '/api/v1';
/** Sent on every request; see docs/API.md ("Forged requests"). */
export const CONSOLE_HEADER = 'X-Minhu-Request';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Raw body (e.g. text/csv); sent as-is with this content type. */
  raw?: { data: BodyInit; contentType: string };
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
  /** Set for calls whose 401 is expected (the sign-in probe). */
  quietUnauthorized?: boolean;
}

export function buildQuery(query: RequestOptions['query']): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  // The server refuses state-changing requests without this header (a forged cross-site form cannot send it).
  const headers: Record<string, string> = { accept: 'application/json', [CONSOLE_HEADER]: '1' };
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers['content-type'] = opts.raw.contentType;
    body = opts.raw.data;
  } else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(API_BASE + path + buildQuery(opts.query), {
      method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'network', detail: (e as Error).message });
  }
  noteServerTime(res.headers.get('x-minhu-now'));
  noteServerZone(res.headers.get('x-minhu-timezone'));
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = undefined; }
  }
  if (!res.ok) {
    const problem = (parsed && typeof parsed === 'object' ? parsed : { title: text.slice(0, 200) || res.statusText }) as
      ConstructorParameters<typeof ApiError>[1];
    const err = new ApiError(res.status, problem);
    if (res.status === 401 && !opts.quietUnauthorized) unauthorizedListeners.forEach((fn) => fn(err));
    throw err;
  }
  return parsed as T;
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** POST /orders/{id}/<action> with the version the user saw. */
export function orderAction<T>(id: number, action: string, version: number, body: Record<string, unknown> = {}): Promise<T> {
  return api<T>(`/orders/${id}/${action}`, { method: 'POST', body: { ...body, version } });
}
