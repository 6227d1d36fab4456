// TypeBox schemas of the assessment API (requests, answers; errors are Problem).
import { Type } from 'typebox';
import { MONTH_PATTERN } from './month';
import { ASSESSED_TYPES } from './rankings';
import { LOST_KINDS } from './scorecard';

const Enum = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Rate = Type.Union([Type.Number(), Type.Null()]);
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
export const Month = Type.String({ pattern: MONTH_PATTERN });
const Share = Type.Number({ minimum: 0, maximum: 1 });

export const Weights = Type.Object({
  a: Share, b: Share, c: Share, wp: Share, wb: Share,
  ww: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'weight of the whistle score 吹哨报到 in the composite of departments and companies; absent = 0' })),
});
export const MonthParams = Type.Object({ month: Month });
export const UnitParams = Type.Object({ unitId: Id });
export const RankingQuery = Type.Object({ month: Month, unitType: Enum(ASSESSED_TYPES) });
export const MonthQuery = Type.Object({ month: Month });

const Counts = {
  assessed: Type.Integer(), exempted: Type.Integer(), responded: Type.Integer(), evaluated: Type.Integer(),
  resolved: Type.Integer(), partly: Type.Integer(), satisfied: Type.Integer(), basically: Type.Integer(),
  responseRate: Rate, resolutionRate: Rate, satisfactionRate: Rate, composite: Rate,
  // 态度 (attitude), beside satisfaction; absent from months published before it was recorded
  attitudeRated: Type.Optional(Type.Integer()), attitudeSatisfied: Type.Optional(Type.Integer()), attitudeBasically: Type.Optional(Type.Integer()),
  attitudeRate: Type.Optional(Rate),
};
export const RankingItem = Type.Object({
  unitId: Type.Integer(), unitName: Type.String(), rank: NullableInt, ...Counts, change: Rate,
  category: Type.Union([Type.Literal('advanced'), Type.Literal('improved'), Type.Literal('rectify'), Type.Literal('governance'), Type.Null()]),
  population: NullableInt, density: Rate,
  whistleScore: Type.Optional(Type.Union([Type.Number(), Type.Null()], { description: 'departments and companies: the whistle score 0–1 of the month' })),
});
export const Ranking = Type.Object({
  month: Type.String(), unitType: Type.String(), published: Type.Boolean(), version: NullableInt, weights: Weights, items: Type.Array(RankingItem),
});

const Lost = Type.Object({
  orderId: Type.Integer(), number: Type.String(), title: Type.String(), endedAt: Type.Union([DateTime, Type.Null()]),
  contactDueAt: Type.Union([DateTime, Type.Null()]), firstContactAt: Type.Union([DateTime, Type.Null()]),
  evaluation: NullableStr, resolution: NullableStr, satisfaction: NullableStr, exemption: NullableStr, exemptionReason: NullableStr,
});
export const Scorecard = Type.Object({
  month: Type.String(), published: Type.Boolean(), version: NullableInt, weights: Weights,
  unit: Type.Object({ id: Type.Integer(), name: Type.String(), type: Type.String(), population: NullableInt, populationIsDemo: Type.Boolean() }),
  current: Type.Union([RankingItem, Type.Null()]),
  trend: Type.Array(Type.Object({ month: Type.String(), published: Type.Boolean(), unitId: Type.Integer(), ...Counts })),
  lost: Type.Object({ lateContact: Type.Array(Lost), unresolved: Type.Array(Lost), unsatisfied: Type.Array(Lost), exempted: Type.Array(Lost) }, {
    description: 'the first 50 orders of each kind of lost point, in registration order; the rest from /api/v1/assessment/units/{unitId}/lost',
  }),
  lostTotals: Type.Object({ lateContact: Type.Integer(), unresolved: Type.Integer(), unsatisfied: Type.Integer(), exempted: Type.Integer() }, { description: 'how many orders each kind holds in all' }),
});

export const LostQuery = Type.Object({
  month: Month,
  kind: Enum(LOST_KINDS),
  after: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647, description: 'the order id the previous page ended with (its nextAfter)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export const LostPage = Type.Object({
  month: Type.String(), kind: Type.String(), total: Type.Integer({ description: 'orders of this kind in all' }), items: Type.Array(Lost),
  nextAfter: Type.Union([Type.Integer(), Type.Null()], { description: 'pass as after for the next page; null on the last page' }),
});

export const MonthInfo = Type.Object({
  month: Type.String(), weights: Weights, liveWeights: Weights,
  versions: Type.Array(Type.Object({ version: Type.Integer(), publishedAt: DateTime, publishedBy: NullableStr, reason: NullableStr })),
});
export const Published = Type.Object({ month: Type.String(), version: Type.Integer(), publishedAt: DateTime, reason: NullableStr });
export const RepublishBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) });
export const ExemptionQuery = Type.Object({ status: Type.Optional(Enum(['pending', 'approved', 'rejected'])) });
export const ExemptionList = Type.Object({
  items: Type.Array(Type.Object({
    requestId: Type.Integer(), orderId: Type.Integer(), number: Type.String(), title: Type.String(), version: Type.Integer(), status: Type.String(),
    unitId: Type.Integer(), unitName: Type.String(), reason: Type.String(), note: NullableStr, requestedAt: DateTime, decidedAt: Type.Union([DateTime, Type.Null()]),
  })),
});
export const PopulationBody = Type.Object({ population: Type.Union([Type.Integer({ minimum: 0, maximum: 100000000 }), Type.Null()]) });
export const PopulationAnswer = Type.Object({ unitId: Type.Integer(), population: NullableInt, populationIsDemo: Type.Boolean() });
