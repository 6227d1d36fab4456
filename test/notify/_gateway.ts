// A real SMS/IM gateway stand-in for tests: an HTTP server on 127.0.0.1 that checks the HMAC signature,
// can be down (503) or slow, and records every delivery by idempotency key. Not a test file itself.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signature } from '../../src/modules/notify/senders';

export interface Gateway {
  url: string;
  /** 'up' accepts, 'down' answers 503, 'hang' never answers (the sender's timeout fires). */
  mode: 'up' | 'down' | 'hang';
  /** Every accepted request in arrival order (duplicates included). */
  received: { key: string; body: Record<string, any> }[];
  /** Keys processed once each (what the gateway would actually send). */
  processed: Map<string, number>;
  /** Keys of requests that arrived while the gateway hung (never answered). */
  hung: Set<string>;
  badSignatures: number;
  close(): Promise<void>;
}

export async function startGateway(secret: string): Promise<Gateway> {
  const hanging = new Set<http.ServerResponse>();
  const g: Gateway = {
    url: '',
    mode: 'up',
    received: [],
    processed: new Map(),
    hung: new Set(),
    badSignatures: 0,
    close: async () => {
      for (const r of hanging) r.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (g.mode === 'hang') {
        g.hung.add(String(req.headers['idempotency-key'] ?? ''));
        hanging.add(res);
        return;
      }
      if (g.mode === 'down') {
        res.writeHead(503).end('down');
        return;
      }
      const raw = Buffer.concat(chunks).toString('utf8');
      const ts = String(req.headers['x-minhu-timestamp'] ?? '');
      if (req.headers['x-minhu-signature'] !== `sha256=${signature(secret, ts, raw)}`) {
        g.badSignatures++;
        res.writeHead(401).end('bad signature');
        return;
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      g.received.push({ key, body: JSON.parse(raw) });
      g.processed.set(key, (g.processed.get(key) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  g.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  return g;
}
