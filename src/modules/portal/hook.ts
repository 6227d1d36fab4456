// What the portal writes with an order change, inside the change's transaction (an effects hook): the
// one-time code is spent, the photos and the portal's extras are stored, the submit counted against the
// limits, the jurisdiction taken from the 幸福码 — and the resident's evaluation beside the callback it
// became. A change that rolls back leaves none of it (and its code still usable).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Queryable } from '../../db';
import { appendEvent } from '../../shared/events';
import type { EffectHook } from '../orders/effects';
import type { Limit, Limiter } from './limits';
import type { OtpService } from './otp';

export interface StoredPhoto {
  id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
}

export interface SubmitContext {
  kind: 'submit';
  otpId: number;
  happyCode: string | null;
  /** Set from the 幸福码, never from the text. */
  jurisdictionUnitId: number | null;
  photos: StoredPhoto[];
  counts: [Limit, string][];
  /** Filled with the new order's id once it is written. */
  orderId?: number;
}

export interface EvaluateContext {
  kind: 'evaluate';
  otpId: number;
  /** The reply round evaluated (the order's reopen count). */
  round: number;
  evaluation: { contacted: boolean; resolution: string; satisfaction: string; note: string };
}

const store = new AsyncLocalStorage<SubmitContext | EvaluateContext>();
export const withPortalContext = <T>(c: SubmitContext | EvaluateContext, fn: () => Promise<T>) => store.run(c, fn);

export async function insertEvaluation(q: Queryable, orderId: number, round: number, e: EvaluateContext['evaluation'], asCallback: boolean, at: Date): Promise<void> {
  await q.query(
    'insert into portal_evaluations (order_id, round, contacted, resolution, satisfaction, note, as_callback, created_at) values ($1,$2,$3,$4,$5,$6,$7,$8)',
    [orderId, round, e.contacted, e.resolution, e.satisfaction, e.note, asCallback, at],
  );
}

export function portalHook(otp: OtpService, limits: Limiter): EffectHook {
  return async (q, e) => {
    const c = store.getStore();
    if (!c) return;
    if (c.kind === 'submit' && e.cause === 'register') {
      const id = e.order.id;
      await otp.consume(q, c.otpId, id);
      if (c.jurisdictionUnitId !== null) await q.query('update orders set jurisdiction_unit_id = $2 where id = $1', [id, c.jurisdictionUnitId]);
      await q.query('insert into portal_orders (order_id, happy_code, photos, created_at) values ($1, $2, $3, $4)', [id, c.happyCode, c.photos.length, e.at]);
      for (const p of c.photos) {
        await q.query('insert into attachments (id, order_id, filename, mime, size, sha256, storage_key, uploaded_by, created_at) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)', [p.id, id, p.filename, p.mime, p.size, p.sha256, p.id, e.actor.userId, e.at]);
        await appendEvent(q, id, 'attachment_added', e.actor, e.at, { attachmentId: p.id, filename: p.filename, mime: p.mime, size: p.size });
      }
      for (const [l, key] of c.counts) await limits.count(l, key, e.at, q);
      c.orderId = id;
    }
    if (c.kind === 'evaluate' && e.cause === 'callback') {
      await otp.consume(q, c.otpId, e.order.id);
      await insertEvaluation(q, e.order.id, c.round, c.evaluation, true, e.at);
    }
  };
}
