// The outbox: rows written inside the transaction of the change that causes them, then delivered at
// least once by the delivery job. Each row carries an idempotency key the gateway can deduplicate on.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db';
import type { EffectContext } from '../orders/effects';
import { fail } from '../../shared/errors';
import { render, type TemplateKey } from './templates';

export type OutboxStatus = 'pending' | 'sent' | 'dead';

export interface OutboxRow {
  id: number;
  idemKey: string;
  channel: 'sms' | 'unit';
  audience: 'resident' | 'unit';
  recipient: string;
  template: string;
  body: string;
  payload: Record<string, unknown>;
  orderId: number | null;
  status: OutboxStatus;
  attempts: number;
  nextTryAt: Date;
  claimedUntil: Date | null;
  claimToken: string | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export const OUTBOX_COLS = `o.id, o.idem_key as "idemKey", o.channel, o.audience, o.recipient, o.template, o.body, o.payload, o.order_id as "orderId",
  o.status, o.attempts, o.next_try_at as "nextTryAt", o.claimed_until as "claimedUntil", o.claim_token as "claimToken",
  o.last_error as "lastError", o.created_at as "createdAt", o.sent_at as "sentAt"`;

export interface NewMessage {
  template: TemplateKey;
  recipient: string;
  orderId: number | null;
  vars: Record<string, string | number | null>;
}

/** The message's template and its row's values (read with `q`, inside the change's transaction). */
async function messageRow(q: Queryable, m: NewMessage): Promise<unknown[]> {
  const t = (await q.query<{ channel: string; audience: string; body: string }>('select channel, audience, body from notification_templates where key = $1', [m.template])).rows[0];
  if (!t) fail('template_not_found', `no notification template "${m.template}"`);
  return [randomUUID(), t.channel, t.audience, m.recipient, m.template, render(t.body, m.vars), JSON.stringify(m.vars), m.orderId];
}

/** One insert of the messages, their templates read now; its rows are numbered in the messages' order. */
async function insertMessages(q: Queryable, messages: NewMessage[], at: Date): Promise<{ sql: string; params: unknown[] }> {
  const rows: unknown[][] = [];
  for (const m of messages) rows.push(await messageRow(q, m));
  const col = (i: number) => rows.map((r) => r[i]);
  return {
    sql: `insert into outbox (idem_key, channel, audience, recipient, template, body, payload, order_id, next_try_at, created_at)
          select idem, channel, audience, recipient, template, body, payload, order_id, $9, $9
          from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::int[]) with ordinality
            as m(idem, channel, audience, recipient, template, body, payload, order_id, ord)
          order by ord`,
    params: [col(0), col(1), col(2), col(3), col(4), col(5), col(6), col(7), at],
  };
}

/** Writes one message with `q` — pass the transaction of the change so a rollback leaves no message. */
export async function enqueue(q: Queryable, m: NewMessage, at: Date): Promise<number> {
  const { sql, params } = await insertMessages(q, [m], at);
  const { rows } = await q.query<{ id: number }>(`${sql} returning id`, params);
  return rows[0].id;
}

/** The messages as one of an order change's batched writes (orders/effects.ts). */
export async function enqueueWrite(q: Queryable, e: Pick<EffectContext, 'write'>, messages: NewMessage[], at: Date): Promise<void> {
  if (messages.length) e.write(await insertMessages(q, messages, at));
}

export interface OutboxFilter {
  status?: OutboxStatus;
  channel?: string;
  orderId?: number;
  limit: number;
  before?: number;
}

export function outboxRepo(db: Queryable) {
  return {
    async list(f: OutboxFilter): Promise<(OutboxRow & { orderNumber: string | null })[]> {
      const where: string[] = [];
      const args: unknown[] = [];
      const add = (sql: string, v: unknown) => {
        args.push(v);
        where.push(sql.replace('?', `$${args.length}`));
      };
      if (f.status) add('o.status = ?', f.status);
      if (f.channel) add('o.channel = ?', f.channel);
      if (f.orderId !== undefined) add('o.order_id = ?', f.orderId);
      if (f.before !== undefined) add('o.id < ?', f.before);
      args.push(f.limit);
      const { rows } = await db.query<OutboxRow & { orderNumber: string | null }>(
        `select ${OUTBOX_COLS}, r.number as "orderNumber" from outbox o left join orders r on r.id = o.order_id
         ${where.length ? `where ${where.join(' and ')}` : ''} order by o.id desc limit $${args.length}`,
        args,
      );
      return rows;
    },
    async byId(id: number): Promise<OutboxRow | null> {
      return (await db.query<OutboxRow>(`select ${OUTBOX_COLS} from outbox o where o.id = $1`, [id])).rows[0] ?? null;
    },
    /** A dead letter goes back to the queue with a fresh count of attempts (same idempotency key). */
    async retry(id: number, at: Date): Promise<OutboxRow> {
      const { rows } = await db.query<OutboxRow>(
        `update outbox o set status = 'pending', attempts = 0, next_try_at = $2, claimed_until = null, claim_token = null
         where o.id = $1 and o.status = 'dead' returning ${OUTBOX_COLS}`,
        [id, at],
      );
      if (rows[0]) return rows[0];
      const row = await this.byId(id);
      if (!row) fail('notification_not_found', `no notification ${id}`);
      fail('notification_not_dead', `notification ${id} is ${row.status}; only dead letters can be retried`);
    },
  };
}
export type OutboxRepo = ReturnType<typeof outboxRepo>;
