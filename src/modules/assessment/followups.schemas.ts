// TypeBox schemas of what follows a ranking: 约谈, 关键小事, 部门+行业 joint scoring.
import { Type } from 'typebox';
import { Month, RankingItem, Weights } from './assessment.schemas';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const Rate = Type.Union([Type.Number(), Type.Null()]);
const Day = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'YYYY-MM-DD' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const IdParams = Type.Object({ id: Id });
export const UnitParams = Type.Object({ unitId: Id });
export const MonthParams = Type.Object({ month: Month });

export const InterviewBody = Type.Object({
  unitId: Id,
  reason: Type.Union([Type.Literal('last_ranked'), Type.Literal('governance'), Type.Literal('other')]),
  heldOn: Day,
  interviewer: Text(200),
  attendees: Type.Optional(Type.String({ maxLength: 2000 })),
  commitments: Text(4000),
  followUpDue: Type.Optional(Type.Union([Day, Type.Null()])),
});
export const FollowUpBody = Type.Object({ note: Text(4000), done: Type.Boolean() });

export const Interview = Type.Object({
  id: Type.Integer(), month: Type.String(), unitId: Type.Integer(), unitName: Type.String(), unitType: Type.String(),
  reason: Type.String(), heldOn: Type.String(), interviewer: Type.String(), attendees: Type.String(), commitments: Type.String(),
  followUpDue: Type.Union([Type.String(), Type.Null()]), status: Type.Union([Type.Literal('open'), Type.Literal('done')]),
  followUps: Type.Array(Type.Object({ at: Type.String(), by: Type.String(), note: Type.String(), done: Type.Boolean() })),
  recordedAt: Type.String({ format: 'date-time' }), recordedBy: Type.Union([Type.String(), Type.Null()]),
});
export const InterviewList = Type.Object({
  month: Type.String(), published: Type.Boolean(),
  candidates: Type.Array(Type.Object({
    unitId: Type.Integer(), unitName: Type.String(), unitType: Type.String(), reasons: Type.Array(Type.Union([Type.Literal('last_ranked'), Type.Literal('governance')])),
    rank: NullableInt, composite: Rate, responseRate: Rate,
  })),
  records: Type.Array(Interview),
});
export const UnitInterviews = Type.Object({ items: Type.Array(Interview) });

export const KeyMatterBody = Type.Object({
  name: Text(100),
  categoryIds: Type.Array(Id, { minItems: 1, maxItems: 200 }),
  active: Type.Optional(Type.Boolean()),
});
export const KeyMatter = Type.Object({ id: Type.Integer(), name: Type.String(), categoryIds: Type.Array(Type.Integer()), active: Type.Boolean() });
export const KeyMatterList = Type.Object({ items: Type.Array(KeyMatter) });
export const KeyMatterRankingQuery = Type.Object({ month: Month, unitType: Type.Union([Type.Literal('street'), Type.Literal('town'), Type.Literal('department'), Type.Literal('company'), Type.Literal('property')]) });
export const KeyMatterRanking = Type.Object({
  month: Type.String(), unitType: Type.String(), keyMatter: Type.Object({ id: Type.Integer(), name: Type.String(), categoryIds: Type.Array(Type.Integer()) }),
  published: Type.Boolean(), version: NullableInt, weights: Weights, items: Type.Array(RankingItem),
});

const Figures = Type.Object({
  unitId: Type.Integer(), assessed: Type.Integer(), evaluated: Type.Integer(),
  responseRate: Rate, resolutionRate: Rate, satisfactionRate: Rate, composite: Rate, attitudeRate: Rate,
});
export const JointRanking = Type.Object({
  month: Type.String(), published: Type.Boolean(), version: NullableInt, weights: Weights,
  items: Type.Array(Type.Object({
    ...RankingItem.properties, own: Figures, industry: Figures,
    companies: Type.Array(Type.Object({ ...Figures.properties, unitName: Type.String(), regulatorIsDemo: Type.Boolean() })),
  })),
});
export const RegulatorBody = Type.Object({ regulatorId: Type.Union([Id, Type.Null()]) });
export const RegulatorAnswer = Type.Object({ unitId: Type.Integer(), regulatorId: NullableInt, regulatorIsDemo: Type.Boolean() });
