// TypeBox schemas of the dashboard API (requests, answers; errors are Problem).
import { Type } from 'typebox';
import { RankingItem } from '../assessment/assessment.schemas';
import { TABLES } from './export';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, city time' });
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);

export const SummaryQuery = Type.Object({
  unitId: Type.Optional(Id),
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
});
export const ExportQuery = Type.Object({ ...SummaryQuery.properties, table: Type.Union(TABLES.map((t) => Type.Literal(t))) });
export const AreasQuery = Type.Object({ unitId: Type.Optional(Id) });

const KeyCount = Type.Object({ key: Type.String(), count: Type.Integer() });
const OrderLine = Type.Object({
  id: Type.Integer(), number: Type.String(), title: Type.String(), status: Type.String(), unitId: NullableInt, unitName: NullableStr, resolveDueAt: NullableStr,
});
const OrderList = Type.Object({ count: Type.Integer(), items: Type.Array(OrderLine) });

export const Summary = Type.Object({
  unit: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String(), type: Type.String() }), Type.Null()]),
  from: Type.String(), to: Type.String(), now: Type.String(),
  total: Type.Object({ count: Type.Integer(), previous: Type.Integer(), previousFrom: Type.String(), previousTo: Type.String() }),
  today: Type.Object({ date: Type.String(), count: Type.Integer(), yesterday: Type.Integer(), sameDayLastWeek: Type.Integer() }),
  month: Type.Object({ month: Type.String(), count: Type.Integer(), lastMonthSamePeriod: Type.Integer() }),
  byChannel: Type.Array(KeyCount), byType: Type.Array(KeyCount), byStatus: Type.Array(KeyCount),
  topCategories: Type.Array(Type.Object({ categoryId: NullableInt, name: Type.String(), count: Type.Integer() })),
  byDay: Type.Array(Type.Object({ day: Type.String(), count: Type.Integer() })),
  areas: Type.Array(Type.Object({ unitId: Type.Integer(), name: Type.String(), type: Type.String(), hasGeometry: Type.Boolean(), count: Type.Integer(), open: Type.Integer() })),
  rates: Type.Object({
    month: Type.String(),
    own: Type.Union([RankingItem, Type.Null()]),
    rankings: Type.Object({ street: Type.Optional(Type.Array(RankingItem)), department: Type.Optional(Type.Array(RankingItem)) }),
  }),
  overdue: OrderList,
  supervised: OrderList,
  hotspots: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), keywords: Type.Array(Type.String()), count: Type.Integer(), growth: Type.Number(), score: Type.Number(), orderIds: Type.Array(Type.Integer()) })),
  warnings: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), title: Type.String(), state: Type.String(), unitName: NullableStr, orderIds: Type.Array(Type.Integer()) })),
});

export const Areas = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Type.Object({
    type: Type.Literal('Feature'), id: Type.Integer(),
    properties: Type.Object({ unitId: Type.Integer(), name: Type.String(), type: Type.String() }),
    geometry: Type.Object({}, { additionalProperties: true }),
  })),
});

export const HotspotQuery = Type.Object({
  window: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, description: 'a standard window in days (settings insight.hotspots: 7, 30)' })),
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
  unitId: Type.Optional(Id),
  categoryId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
const LatLng = Type.Object({ lat: Type.Number(), lng: Type.Number() });
export const Hotspot = Type.Object({
  id: Type.String(), label: Type.String(), keywords: Type.Array(Type.String()), orderIds: Type.Array(Type.Integer()),
  count: Type.Integer({ description: 'orders of the hotspot in your scope' }),
  totalCount: Type.Union([Type.Integer(), Type.Null()], { description: 'all its orders (null when part of it is outside your unit)' }),
  distinctRequesters: Type.Integer(), previous: Type.Integer({ description: 'similar orders in the previous window of the same length' }),
  growth: Type.Number(), unresolvedShare: Type.Number(), score: Type.Number(), unitIds: Type.Array(Type.Integer()),
  categoryId: NullableInt, center: Type.Union([LatLng, Type.Null()]),
});
export const HotspotList = Type.Object({ from: Type.String(), to: Type.String(), computedAt: NullableStr, items: Type.Array(Hotspot) });
export const HotspotRefresh = Type.Object({ windows: Type.Array(Type.Object({ days: Type.Integer(), hotspots: Type.Integer() })), ms: Type.Integer() });

const WarningKind = Type.Union(['spike', 'repeat_requester', 'repeat_address', 'seasonal'].map((k) => Type.Literal(k)));
const WarningState = Type.Union(['new', 'seen', 'acted'].map((k) => Type.Literal(k)));
export const WarningQuery = Type.Object({ state: Type.Optional(WarningState), kind: Type.Optional(WarningKind), unitId: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) });
export const Warning = Type.Object({
  id: Type.Integer(), kind: Type.String(), unitId: NullableInt, unitName: NullableStr, categoryId: NullableInt, title: Type.String(),
  detail: Type.Object({}, { additionalProperties: true }), orderIds: Type.Array(Type.Integer()), state: Type.String(), note: NullableStr,
  createdAt: Type.String(), updatedAt: Type.String(),
});
export const WarningList = Type.Object({ items: Type.Array(Warning) });
export const WarningParams = Type.Object({ id: Id });
export const WarningStateBody = Type.Object({ state: Type.Union([Type.Literal('seen'), Type.Literal('acted')]), note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) });
export const WarningScan = Type.Object({ created: Type.Integer(), seen: Type.Integer() });
export const SeasonalQuery = Type.Object({ month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })) });
export const Seasonal = Type.Object({
  month: Type.String(),
  items: Type.Array(Type.Object({
    month: Type.String(), categoryId: Type.Integer(), categoryName: Type.String(), ratio: Type.Number(),
    years: Type.Array(Type.Object({ year: Type.Integer(), count: Type.Integer(), monthlyMean: Type.Number() })),
  })),
});

export const IdParams = Type.Object({ id: Id });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
const Rate = Type.Union([Type.Number(), Type.Null()]);
export const CandidateList = Type.Object({
  items: Type.Array(Type.Object({
    hotspotId: Type.String(), label: Type.String(), keywords: Type.Array(Type.String()), count: Type.Integer(), units: Type.Integer(),
    unresolvedShare: Type.Number(), score: Type.Number(), orderIds: Type.Array(Type.Integer()), unitIds: Type.Array(Type.Integer()),
  })),
});
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
export const TopicBody = Type.Object({
  title: Text(200), leadUnitId: Id, leader: Text(100), coUnitIds: Type.Optional(Type.Array(Id, { maxItems: 50 })), taskForce: Type.Optional(Type.String({ maxLength: 2000 })),
  goal: Type.Optional(Type.String({ maxLength: 2000 })),
  rule: Type.Object({ keywords: Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { minItems: 1, maxItems: 20 }), categoryIds: Type.Optional(Type.Array(Id, { maxItems: 50 })), unitIds: Type.Optional(Type.Array(Id, { maxItems: 50 })) }),
  startMonth: Month, sourceHotspot: Type.Optional(Type.String({ maxLength: 100 })),
});
const TopicItem = {
  id: Type.Integer(), title: Type.String(), leadUnitId: Type.Integer(), leadUnitName: Type.String(), leader: Type.String(), startMonth: Type.String(), status: Type.String(),
  createdAt: Type.String(), closedAt: NullableStr,
};
export const TopicList = Type.Object({ items: Type.Array(Type.Object(TopicItem)) });
export const Task = Type.Object({
  id: Type.Integer(), title: Type.String(), place: Type.String(), unitId: Type.Integer(), unitName: Type.String(), dueAt: Type.String(), topicId: NullableInt, warningId: NullableInt,
  status: Type.String(), doneAt: NullableStr, note: NullableStr, createdAt: Type.String(), overdue: Type.Boolean(),
});
export const TaskList = Type.Object({ items: Type.Array(Task) });
const MonthFig = Type.Object({ month: Type.String(), volume: Type.Integer(), evaluated: Type.Integer(), resolutionRate: Rate, satisfactionRate: Rate });
export const Topic = Type.Object({
  ...TopicItem, coUnitIds: Type.Array(Type.Integer()), taskForce: Type.String(), goal: Type.String(),
  rule: Type.Object({ keywords: Type.Array(Type.String()), categoryIds: Type.Optional(Type.Array(Type.Integer())), unitIds: Type.Optional(Type.Array(Type.Integer())) }),
  sourceHotspot: NullableStr,
  baseline: Type.Object({ months: Type.Array(Type.String()), volume: Type.Number(), resolutionRate: Rate, satisfactionRate: Rate }),
  months: Type.Array(MonthFig),
  orders: Type.Array(Type.Object({ id: Type.Integer(), number: Type.String(), title: Type.String(), status: Type.String(), createdAt: Type.String() })),
  actions: Type.Array(Type.Object({ id: Type.Integer(), at: Type.String(), unitId: NullableInt, unitName: NullableStr, text: Type.String() })),
  tasks: Type.Array(Task),
});
export const ActionBody = Type.Object({ text: Text(2000) });
export const TaskBody = Type.Object({
  title: Text(200), place: Type.Optional(Type.String({ maxLength: 200 })), unitId: Id, dueAt: Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601 instant' }),
  topicId: Type.Optional(Id), warningId: Type.Optional(Id),
});
export const TaskQuery = Type.Object({ unitId: Type.Optional(Id), status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done')])), topicId: Type.Optional(Id), warningId: Type.Optional(Id) });
export const DoneBody = Type.Object({ note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) });
