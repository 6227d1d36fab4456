// The effects hook of the rollups: moves the order from its old bucket to its new one in the change's transaction
// (one of the change's batched writes).
import type { EffectHook } from '../orders/effects';
import { deltasWrite, keyOf } from './rollups';

export function rollupsHook(tz: string): EffectHook {
  return async (_q, e) => {
    const after = keyOf(e.order, tz);
    const write = (w: ReturnType<typeof deltasWrite>) => {
      if (w) e.write(w);
    };
    // The sweep passes no `before`; it never changes a bucket field (status, unit, category, channel, type).
    if (e.cause === 'register') return write(deltasWrite([{ key: after, d: 1 }]));
    if (!e.before) return;
    const before = keyOf(e.before, tz);
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    write(deltasWrite([{ key: before, d: -1 }, { key: after, d: 1 }]));
  };
}
