// A closed-loop load generator: C keep-alive connections, each sending its next request as soon as the last
// answer has been read, for a fixed time. Every latency is kept, so any percentile is exact (autocannon reports
// p97.5 and p99 but no p95).
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadRequest {
  method?: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface LoadResult {
  requests: number;
  perSec: number;
  errors: number;
  /** the first non-2xx answers seen (status and start of the body), to say why */
  errorSamples: string[];
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

const pct = (sorted: number[], q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10 : null);

export async function drive(o: { url: string; seconds: number; connections: number; headers: Record<string, string>; next: (i: number) => LoadRequest }): Promise<LoadResult> {
  const u = new URL(o.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let i = 0;
  const t0 = performance.now();
  const end = t0 + o.seconds * 1000;
  const one = (req: LoadRequest) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const body = req.body ?? null;
      const r = http.request(
        { host: u.hostname, port: u.port, path: req.path, method: req.method ?? 'GET', agent, headers: { ...o.headers, ...(body !== null ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      r.setTimeout(60_000, () => r.destroy(new Error('timeout')));
      r.on('error', reject);
      if (body !== null) r.write(body);
      r.end();
    });
  const worker = async () => {
    while (performance.now() < end) {
      const req = o.next(i++);
      const s = performance.now();
      try {
        const res = await one(req);
        if (res.status < 200 || res.status >= 300) {
          errors++;
          if (errorSamples.length < 3) errorSamples.push(`${res.status} ${req.path} ${res.body.slice(0, 200)}`);
          continue;
        }
        latencies.push(performance.now() - s);
      } catch (e) {
        errors++;
        if (errorSamples.length < 3) errorSamples.push(`${req.path} ${(e as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, perSec: Math.round(latencies.length / seconds), errors, errorSamples, p50Ms: pct(latencies, 0.5), p95Ms: pct(latencies, 0.95), p99Ms: pct(latencies, 0.99) };
}
