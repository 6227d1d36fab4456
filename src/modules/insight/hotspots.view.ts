// What a user sees of the hotspots: a unit only its subtree's orders of each hotspot (and a hotspot only when it
// has some there); filters by unit and category; the period either a standard window or any from–to.
import type { Db } from '../../db';
import { fail } from '../../shared/errors';
import { seesAll } from '../assessment/access';
import type { AuthUser } from '../users/users.repo';
import { computeHotspots, hotspotSettings, storedHotspots, type Hotspot } from './hotspots';
import { parseDay, scopeUnit } from './summary';

export interface HotspotQuery { window?: number; from?: string; to?: string; unitId?: number; categoryId?: number; limit?: number }

const DAY = 86_400_000;

export async function listHotspots(db: Db, tz: string, now: Date, user: AuthUser, f: HotspotQuery) {
  const unit = await scopeUnit(db, user, f.unitId);
  let items: Hotspot[];
  let computedAt: Date | null;
  let from: Date;
  let to: Date;
  if (f.from || f.to) {
    if (f.window !== undefined) fail('validation_failed', 'give either window or from/to, not both');
    to = f.to ? new Date(parseDay(f.to, 'to', tz).getTime() + DAY) : now;
    from = f.from ? parseDay(f.from, 'from', tz) : new Date(to.getTime() - 7 * DAY);
    if (from >= to) fail('validation_failed', 'from must be before to');
    if (to.getTime() - from.getTime() > 92 * DAY) fail('validation_failed', 'a hotspot period is at most 92 days');
    items = await computeHotspots(db, to, Math.round((to.getTime() - from.getTime()) / DAY));
    computedAt = now;
  } else {
    const settings = await hotspotSettings(db);
    const w = f.window ?? settings.windows[0] ?? 7;
    if (!settings.windows.includes(w)) fail('validation_failed', `window must be one of ${settings.windows.join(', ')} (days), or give from/to`);
    ({ computedAt, items } = await storedHotspots(db, w));
    to = computedAt ?? now;
    from = new Date(to.getTime() - w * DAY);
  }
  let inScope: Set<number> | null = null;
  if (unit) {
    const { rows } = await db.query<{ id: number }>(`select id from units where path like $1 || '%'`, [unit.path]);
    inScope = new Set(rows.map((r) => r.id));
  }
  let leafOk: Set<number> | null = null;
  if (f.categoryId) {
    // A category and every category below it.
    const { rows } = await db.query<{ id: number }>(
      `select c.id from catalog_categories c left join catalog_categories p on p.id = c.parent_id where c.id = $1 or c.parent_id = $1 or p.parent_id = $1`, [f.categoryId]);
    leafOk = new Set(rows.map((r) => r.id));
  }
  const out = [];
  for (const h of items) {
    const keep = h.orderIds.map((_, i) => i).filter((i) =>
      (!inScope || inScope.has(h.orderUnits[i]) || inScope.has(h.orderStreets[i])) && (!leafOk || leafOk.has(h.categoryIds[i]) || (h.categoryId !== null && leafOk.has(h.categoryId))));
    if (!keep.length) continue;
    const whole = keep.length === h.orderIds.length;
    out.push({
      id: h.id, label: h.label, keywords: h.keywords,
      orderIds: keep.map((i) => h.orderIds[i]),
      count: keep.length,
      // the whole hotspot's figures are shown to those who see all of it
      totalCount: whole || seesAll(user) ? h.count : null,
      distinctRequesters: h.distinctRequesters, previous: h.previous, growth: h.growth, unresolvedShare: h.unresolvedShare, score: h.score,
      unitIds: [...new Set(keep.flatMap((i) => [h.orderUnits[i], h.orderStreets[i]]).filter((x) => x > 0 && (!inScope || inScope.has(x))))],
      categoryId: h.categoryId, center: h.center,
    });
  }
  return { from: from.toISOString(), to: to.toISOString(), computedAt: computedAt ? computedAt.toISOString() : null, items: out.slice(0, f.limit ?? 50) };
}
