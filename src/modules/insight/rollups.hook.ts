// The effects hook of the rollups: moves the order from its old bucket to its new one in the change's transaction.
import type { EffectHook } from '../orders/effects';
import { applyDeltas, keyOf } from './rollups';

export function rollupsHook(tz: string): EffectHook {
  return async (q, e) => {
    const after = keyOf(e.order, tz);
    // The sweep passes no `before`; it never changes a bucket field (status, unit, category, channel, type).
    if (e.cause === 'register') return applyDeltas(q, [{ key: after, d: 1 }]);
    if (!e.before) return;
    const before = keyOf(e.before, tz);
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await applyDeltas(q, [{ key: before, d: -1 }, { key: after, d: 1 }]);
  };
}
