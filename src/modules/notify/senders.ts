// Senders deliver one outbox message or throw. The log sender is the default; the webhook sender posts to
// a real SMS/IM gateway with an HMAC-SHA256 signature and the row's idempotency key.
import { createHmac } from 'node:crypto';
import type { OutboxRow } from './outbox';

export interface Sender {
  readonly name: string;
  send(m: OutboxRow, at: Date): Promise<void>;
}

export function logSender(log: { info: (o: object, msg: string) => void }): Sender {
  return {
    name: 'log',
    async send(m) {
      // Never the phone number in logs: the recipient's last 4 digits are enough to follow a message.
      log.info({ outboxId: m.id, key: m.idemKey, channel: m.channel, template: m.template, to: m.channel === 'sms' ? `…${m.recipient.slice(-4)}` : m.recipient }, 'notification (log sender)');
    },
  };
}

export interface WebhookOptions {
  url: string;
  secret: string;
  timeoutMs: number;
}

/** The body the gateway receives (also documented in docs/NOTIFICATIONS.md). */
export function webhookBody(m: OutboxRow, at: Date): string {
  return JSON.stringify({
    id: m.idemKey, channel: m.channel, audience: m.audience, to: m.recipient, template: m.template, text: m.body,
    orderId: m.orderId, createdAt: m.createdAt.toISOString(), sentAt: at.toISOString(), attempt: m.attempts,
  });
}

export function signature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function webhookSender(o: WebhookOptions): Sender {
  return {
    name: 'webhook',
    async send(m, at) {
      const body = webhookBody(m, at);
      const ts = String(Math.floor(at.getTime() / 1000));
      const res = await fetch(o.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': m.idemKey,
          'x-minhu-timestamp': ts,
          'x-minhu-signature': `sha256=${signature(o.secret, ts, body)}`,
        },
        body,
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) throw new Error(`gateway answered HTTP ${res.status}`);
    },
  };
}
