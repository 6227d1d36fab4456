// Assessment 考核: rankings, scorecards, weights, publishing, the exemption queue and rebuilds.
import type { Db } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import type { WorkCalendar } from '../sla';
import type { PoliciesRepo } from '../sla/policies.repo';
import type { AuthUser } from '../users/users.repo';
import { checkRoles, checkSeesAll, seesAll } from './access';
import { addMonths, checkMonth } from './month';
import { insertPublication, latestPublication, listPublications } from './publish';
import { DEFAULT_WEIGHTS, emptyCounts, monthCounts, type Source, type Weights } from './rates';
import { ASSESSED_TYPES, rankUnits, type AssessedType, type RankingItem } from './rankings';
import { rebuildFacts } from './rebuild';
import { lostOrders, lostTotals, trend, type LostKind } from './scorecard';
import { whistleScores } from '../whistle/stats';

/** Unit types scored on whistle reports too (DOMAIN §8). */
const WHISTLED_TYPES: readonly AssessedType[] = ['department', 'company'];

export interface AssessmentDeps {
  db: Db;
  clock: Clock;
  tz: string;
  policies: PoliciesRepo;
  calendar: () => Promise<WorkCalendar>;
}

const DECIDERS = ['supervisor', 'admin'];
/**
 * Orders listed per kind of lost point on a scorecard; the rest come page by page (`lostPage`), the totals from the
 * counts, and the month's report lists them all.
 */
const LOST_SHOWN = 50;
const LOST_PAGE_MAX = 500;

export function assessmentService(d: AssessmentDeps) {
  const { db } = d;

  async function liveWeights(month: string): Promise<Weights> {
    const { rows } = await db.query<Weights & { ww: number | null }>('select a, b, c, wp, wb, ww from assessment_weights where month = $1', [month]);
    if (!rows[0]) return DEFAULT_WEIGHTS;
    const { ww, ...w } = rows[0];
    return ww === null ? w : { ...w, ww };
  }

  /** Departments and companies: their whistle scores of the month (for the composite and the item). */
  async function whistleOf(month: string, type: AssessedType) {
    return WHISTLED_TYPES.includes(type) ? whistleScores(db, month, d.tz, d.clock.now()) : undefined;
  }

  async function unitsOfType(type: AssessedType) {
    const { rows } = await db.query<{ id: number; name: string; population: number | null }>('select id, name, population from units where type = $1 order by id', [type]);
    return rows;
  }

  /** A month's ranking: the latest published version, or live. */
  async function rankingOf(month: string, type: AssessedType, depth = 0): Promise<{ published: boolean; version: number | null; weights: Weights; items: RankingItem[] }> {
    const pub = await latestPublication(db, month);
    if (pub) return { published: true, version: pub.version, weights: pub.weights, items: pub.rankings[type] ?? [] };
    const weights = await liveWeights(month);
    if (depth > 0) {
      // Last month's composites only (for the change): no need to go further back.
      const units = await unitsOfType(type);
      const counts = await monthCounts(db, month, { kind: 'live' });
      return { published: false, version: null, weights, items: rankUnits(units, counts.filter((c) => units.some((u) => u.id === c.unitId)), weights, new Map(), await whistleOf(month, type)) };
    }
    return { published: false, version: null, weights, items: await liveRanking(month, type, weights) };
  }

  /** The live ranking of one type (what a publish would freeze now), with the change against last month. */
  async function liveRanking(month: string, type: AssessedType, w: Weights) {
    const units = await unitsOfType(type);
    const counts = (await monthCounts(db, month, { kind: 'live' })).filter((c) => units.some((u) => u.id === c.unitId));
    const prev = await rankingOf(addMonths(month, -1), type, 1);
    return rankUnits(units, counts, w, new Map(prev.items.map((i) => [i.unitId, i.composite])), await whistleOf(month, type));
  }

  /** A published month reads its latest version's frozen copy; any other month is live. */
  async function sourceOf(month: string): Promise<Source> {
    const pub = await latestPublication(db, month);
    return pub ? { kind: 'snapshot', version: pub.version } : { kind: 'live' };
  }

  async function unitOrFail(user: AuthUser, unitId: number) {
    const { rows } = await db.query<{ id: number; name: string; type: string; path: string; population: number | null; populationIsDemo: boolean }>(
      'select id, name, type, path, population, population_is_demo as "populationIsDemo" from units where id = $1',
      [unitId],
    );
    const u = rows[0];
    // A unit user asking about a unit outside its subtree gets the same answer as for a missing unit.
    if (!u || (!seesAll(user) && !u.path.startsWith(user.unitPath))) fail('unit_not_found', `unit ${unitId} does not exist or is outside your unit`);
    if (!(ASSESSED_TYPES as readonly string[]).includes(u.type)) fail('unit_not_assessed', `${u.name} is a ${u.type}`);
    return u as typeof u & { type: AssessedType };
  }

  return {
    liveRanking,

    async rankings(user: AuthUser, month: string, type: AssessedType) {
      checkMonth(month);
      if (!seesAll(user) && user.unitType !== type) fail('forbidden', `your unit is a ${user.unitType}; you see the ranking of ${user.unitType} units only`);
      const r = await rankingOf(month, type);
      if (!seesAll(user) && !r.published) fail('not_found', `the ranking of ${month} is not published yet`);
      return { month, unitType: type, ...r };
    },

    async scorecard(user: AuthUser, unitId: number, month: string) {
      checkMonth(month);
      const unit = await unitOrFail(user, unitId);
      const src = await sourceOf(month);
      const weightsOf = async (months: string[]) => {
        const { rows } = await db.query<{ month: string; w: Weights }>(
          `select month, w from (select distinct on (month) month, weights as w from assessment_publications where month = any($1::text[]) order by month, version desc) p
           union all select month, json_build_object('a', a, 'b', b, 'c', c, 'wp', wp, 'wb', wb)::jsonb from assessment_weights w
           where month = any($1::text[]) and not exists (select 1 from assessment_publications p where p.month = w.month)`,
          [months],
        );
        return new Map(rows.map((r) => [r.month, r.w]));
      };
      // Independent reads: on server PostgreSQL they run on separate pooled connections at once.
      const [ranking, lost, months] = await Promise.all([rankingOf(month, unit.type), lostOrders(db, month, src, unitId, { limit: LOST_SHOWN }), trend(db, unitId, month, weightsOf)]);
      const item = ranking.items.find((i) => i.unitId === unitId) ?? null;
      const pick = (k: string) => lost.filter((l) => l.kind === k).map(({ kind: _k, unitId: _u, ...o }) => o);
      return {
        month, published: ranking.published, version: ranking.version, weights: ranking.weights,
        unit: { id: unit.id, name: unit.name, type: unit.type, population: unit.population, populationIsDemo: unit.populationIsDemo },
        current: item, trend: months,
        lost: { lateContact: pick('lateContact'), unresolved: pick('unresolved'), unsatisfied: pick('unsatisfied'), exempted: pick('exempted') },
        lostTotals: lostTotals(months[months.length - 1]),
      };
    },

    /** The next page of one kind of lost point of a unit's month, after the order id the last page ended with. */
    async lostPage(user: AuthUser, unitId: number, month: string, kind: LostKind, after: number | null, limit: number) {
      checkMonth(month);
      await unitOrFail(user, unitId);
      const n = Math.min(Math.max(1, Math.floor(limit)), LOST_PAGE_MAX);
      const src = await sourceOf(month);
      const [rows, counts] = await Promise.all([
        lostOrders(db, month, src, unitId, { limit: n + 1, kinds: [kind], ...(after === null ? {} : { after }) }),
        monthCounts(db, month, src, unitId),
      ]);
      const items = rows.slice(0, n).map(({ kind: _k, unitId: _u, ...o }) => o);
      return { month, kind, total: lostTotals(counts[0] ?? emptyCounts(unitId))[kind], items, nextAfter: rows.length > n ? items[items.length - 1].orderId : null };
    },

    async month(user: AuthUser, month: string) {
      checkMonth(month);
      checkSeesAll(user);
      return { month, weights: (await latestPublication(db, month))?.weights ?? (await liveWeights(month)), liveWeights: await liveWeights(month), versions: (await listPublications(db, month)).map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() })) };
    },

    async setWeights(user: AuthUser, month: string, w: Weights) {
      checkMonth(month);
      checkRoles(user, DECIDERS, 'set assessment weights');
      if (Math.abs(w.a + w.b + w.c - 1) > 1e-6) fail('validation_failed', `the weights a + b + c must add up to 1 (got ${w.a + w.b + w.c})`);
      await db.query(
        `insert into assessment_weights (month, a, b, c, wp, wb, ww, updated_by, updated_at) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)
         on conflict (month) do update set a = $2, b = $3, c = $4, wp = $5, wb = $6, ww = $7, updated_by = $8, updated_at = $9`,
        [month, w.a, w.b, w.c, w.wp, w.wb, w.ww ?? null, user.id, d.clock.now()],
      );
      return this.month(user, month);
    },

    async publish(user: AuthUser, month: string, reason: string | null) {
      checkMonth(month);
      checkRoles(user, DECIDERS, reason === null ? 'publish an assessment month' : 'republish an assessment month');
      const existing = await latestPublication(db, month);
      if (reason === null && existing) fail('month_published', `${month} is already published (version ${existing.version}); republish it with a reason`);
      if (reason !== null && !existing) fail('month_not_published', `${month} is not published; publish it first`);
      const weights = await liveWeights(month);
      const rankings = {} as Record<AssessedType, RankingItem[]>;
      for (const t of ASSESSED_TYPES) rankings[t] = await liveRanking(month, t, weights);
      const now = d.clock.now();
      const version = await db.tx(async (q) => {
        const v = await insertPublication(q, { month, publishedAt: now, publishedBy: user.id, reason, weights, rankings });
        await q.query('insert into audit_log (at, user_id, unit_id, action, order_id, detail) values ($1,$2,$3,$4,null,$5)', [
          now, user.id, user.unitId, reason === null ? 'assessment_published' : 'assessment_republished', JSON.stringify({ month, version: v, reason }),
        ]);
        return v;
      });
      return { month, version, publishedAt: now.toISOString(), reason };
    },

    async exemptions(user: AuthUser, status: 'pending' | 'approved' | 'rejected') {
      checkSeesAll(user);
      const { rows } = await db.query<{ requestId: number; orderId: number; number: string; title: string; version: number; status: string; unitId: number; unitName: string; reason: string; note: string | null; requestedAt: Date; decidedAt: Date | null }>(
        `select r.id as "requestId", o.id as "orderId", o.number, o.title, o.version, r.status, r.unit_id as "unitId", u.name as "unitName", r.reason,
           r.payload->>'note' as note, r.requested_at as "requestedAt", r.decided_at as "decidedAt"
         from order_requests r join orders o on o.id = r.order_id join units u on u.id = r.unit_id
         where r.kind = 'exemption' and r.status = $1 order by r.requested_at desc limit 500`,
        [status],
      );
      return { items: rows.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null })) };
    },

    async setPopulation(user: AuthUser, unitId: number, population: number | null) {
      checkRoles(user, DECIDERS, 'edit unit populations');
      const u = await unitOrFail(user, unitId);
      await db.query('update units set population = $2, population_is_demo = false where id = $1', [unitId, population]);
      return { unitId: u.id, population, populationIsDemo: false };
    },

    rebuild: (month: string | null) => rebuildFacts({ db, tz: d.tz, policies: d.policies, calendar: d.calendar }, month === null ? null : checkMonth(month)),
  };
}
export type AssessmentService = ReturnType<typeof assessmentService>;
