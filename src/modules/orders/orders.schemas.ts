// TypeBox schemas of the orders API: they validate requests and feed OpenAPI.
import { Type } from 'typebox';

const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

// weibo 政务微博, city_management 数字城管 (its authenticated API), petition 信访 (最多投一次), leader_line 区领导直通车,
// reception 领导接待日 (docs/SOURCES.md).
export const CHANNELS = ['phone', 'web', 'wechat', 'app', 'qr', 'message_board', 'grid', 'enterprise', 'api', 'open311', 'weibo', 'city_management', 'petition', 'leader_line', 'reception'] as const;
export const TYPES = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise', 'other'] as const;
const Enum = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));

export const Location = Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) });
export const Limit = Type.Object({ amount: Type.Integer({ minimum: 1, maximum: 10000 }), unit: Enum(['minutes', 'hours', 'workdays']) });

export const CreateOrderBody = Type.Object({
  channel: Enum(CHANNELS),
  type: Enum(TYPES),
  title: Str(200, 1),
  description: Type.Optional(Str(20000)),
  address: Type.Optional(Str(500)),
  location: Type.Optional(Type.Union([Location, Type.Null()])),
  requester: Type.Optional(
    Type.Object({
      name: Type.Optional(Str(100)),
      phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[0-9+\\-() ]*$' })),
      idNumber: Type.Optional(Str(30)),
      company: Type.Optional(Str(200)),
    }),
  ),
  confidential: Type.Optional(Type.Boolean()),
  categoryId: Type.Optional(Type.Union([Id, Type.Null()])),
  tier: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
  tags: Type.Optional(Type.Array(Str(50, 1), { maxItems: 20 })),
  newMatter: Type.Optional(Type.Boolean({ description: '信访 (channel petition): register although the requester has a similar order, because it is a different matter (最多投一次)' })),
});

export const ListQuery = Type.Object({
  status: Type.Optional(Str(300)),
  unitId: Type.Optional(Id),
  categoryId: Type.Optional(Id),
  type: Type.Optional(Enum(TYPES)),
  channel: Type.Optional(Enum(CHANNELS)),
  q: Type.Optional(Str(200)),
  phone: Type.Optional(Str(30)),
  from: Type.Optional(Str(40)),
  to: Type.Optional(Str(40)),
  warning: Type.Optional(Str(40)),
  supervised: Type.Optional(Type.Boolean()),
  pending: Type.Optional(Enum(['return', 'extension'])),
  mine: Type.Optional(Type.Boolean({ description: 'Only the orders you registered' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

const Requester = Type.Object({ name: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]), company: Type.Optional(Type.Union([Type.String(), Type.Null()])), hidden: Type.Boolean() });
const Warning = Type.Union([Enum(['green', 'yellow', 'red']), Type.Null()]);
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const Json = Type.Object({}, { additionalProperties: true });

export const OrderSummary = Type.Object({
  id: Type.Integer(), number: Type.String(), status: Type.String(), channel: Type.String(), type: Type.String(), title: Type.String(),
  address: Type.String(), categoryId: NullableInt, categoryName: NullableStr, tier: Type.Integer(), mainUnitId: NullableInt, mainUnitName: NullableStr,
  createdAt: DateTime, signDueAt: NullableDateTime, contactDueAt: NullableDateTime, resolveDueAt: NullableDateTime, warning: Warning,
  provisionalYear: Type.Union([Type.Integer(), Type.Null()], { description: 'set when a deadline was counted on plain weekdays into this year, whose official holiday schedule nobody has entered yet (provisional 暂定)' }),
  callbackDueAt: Type.Union([DateTime, Type.Null()], { description: 'while replied: when the callback is due (1 working day after the reply)' }),
  supervised: Type.Boolean(), confidential: Type.Boolean(), version: Type.Integer(), requester: Requester,
});

const Deadline = Type.Object({ dueAt: NullableDateTime, level: Warning, provisional: Type.Boolean({ description: 'counted on plain weekdays into a year without an official holiday schedule; recomputed once the year is entered' }), provisionalYear: Type.Union([Type.Integer(), Type.Null()]) });
export const OrderDetail = Type.Object({
  ...OrderSummary.properties,
  description: Type.String(), location: Type.Union([Location, Type.Null()]), tags: Type.Array(Type.String()), parentId: NullableInt, reopenCount: Type.Integer(),
  signedAt: NullableDateTime, firstContactAt: NullableDateTime, repliedAt: NullableDateTime, closedAt: NullableDateTime, listedUntil: NullableStr,
  jurisdictionUnitId: NullableInt, kbArticleId: NullableInt,
  assignments: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), unitType: Type.String(), role: Type.String(), active: Type.Boolean(), assignedAt: DateTime })),
  events: Type.Array(Type.Object({ id: Type.Integer(), type: Type.String(), at: DateTime, actor: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]), unit: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]), payload: Json })),
  deadlines: Type.Object({ sign: Deadline, contact: Deadline, resolve: Deadline }),
  pendingRequests: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), reason: Type.String(), payload: Json, requestedAt: DateTime, unitName: NullableStr })),
  callbacks: Type.Array(Type.Object({ outcome: Type.String(), contacted: Type.Union([Type.Boolean(), Type.Null()]), resolution: NullableStr, satisfaction: NullableStr, attitude: Type.Optional(NullableStr), note: Type.String(), at: DateTime })),
  attachments: Type.Array(Type.Object({ id: Type.String(), filename: Type.String(), mime: Type.String(), size: Type.Integer(), createdAt: DateTime })),
  allowedActions: Type.Array(Type.String()),
});

export const OrderList = Type.Object({
  items: Type.Array(OrderSummary),
  total: Type.Integer({ description: 'matching orders, counted up to 1,000 (see totalCapped)' }),
  totalCapped: Type.Boolean({ description: 'true when more than 1,000 orders match: total is then 1,000 and the list says 1000+' }),
  page: Type.Integer(), pageSize: Type.Integer(),
});

const V = { version: Type.Integer({ minimum: 1, maximum: 2147483647 }) };
const Note = Str(5000);
const Reason = Str(5000, 1);
const Ids = Type.Array(Id, { maxItems: 50 });

/** The body of each action (besides `version`). */
export const ACTION_BODIES = {
  answer: Type.Object({ ...V, answer: Str(20000, 1), kbArticleId: Type.Optional(Type.Union([Id, Type.Null()])) }),
  dispatch: Type.Object({ ...V, mainUnitId: Id, coUnitIds: Type.Optional(Ids), copyUnitIds: Type.Optional(Ids), propertyUnitId: Type.Optional(Type.Union([Id, Type.Null()], { description: '双派: the property company 物业 serving the main community (or a community of the main street); assessed with it (双考)' })), categoryId: Type.Optional(Type.Union([Id, Type.Null()])), tier: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })), note: Type.Optional(Note) }),
  sign: Type.Object({ ...V }),
  contact: Type.Object({ ...V, note: Reason }),
  subdispatch: Type.Object({ ...V, unitId: Id, note: Type.Optional(Note) }),
  reply: Type.Object({ ...V, result: Str(20000, 1), replyToRequester: Str(20000, 1) }),
  return: Type.Object({ ...V, reason: Reason }),
  // The new owner (首办负责制): named here, or the returning unit's district fallback unit (兜底单位) when omitted.
  'return/approve': Type.Object({ ...V, note: Type.Optional(Note), mainUnitId: Type.Optional(Id), coUnitIds: Type.Optional(Ids), copyUnitIds: Type.Optional(Ids), propertyUnitId: Type.Optional(Type.Union([Id, Type.Null()])), categoryId: Type.Optional(Type.Union([Id, Type.Null()])), tier: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })) }),
  'return/reject': Type.Object({ ...V, note: Reason }),
  extension: Type.Object({ ...V, reason: Reason, extra: Limit }),
  'extension/approve': Type.Object({ ...V, note: Type.Optional(Note) }),
  'extension/reject': Type.Object({ ...V, note: Reason }),
  callback: Type.Object({
    ...V,
    outcome: Enum(['done', 'unreachable', 'refused']),
    contacted: Type.Optional(Type.Boolean()),
    resolution: Type.Optional(Enum(['resolved', 'partly', 'unresolved'])),
    satisfaction: Type.Optional(Enum(['satisfied', 'basically', 'unsatisfied'])),
    /** 态度: how the requester rates the handling staff's attitude (optional; reported beside satisfaction) */
    attitude: Type.Optional(Enum(['satisfied', 'basically', 'unsatisfied'])),
    note: Type.Optional(Note),
  }),
  reopen: Type.Object({ ...V, reason: Reason }),
  close: Type.Object({ ...V, note: Type.Optional(Note) }),
  merge: Type.Object({ ...V, parentId: Id }),
  invalidate: Type.Object({ ...V, reason: Reason }),
  list: Type.Object({ ...V, reason: Reason, until: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
  supervise: Type.Object({ ...V, note: Reason }),
  exemption: Type.Object({ ...V, reason: Enum(['unreasonable', 'duplicate', 'not_our_duty', 'force_majeure', 'other']), note: Reason }),
  'exemption/approve': Type.Object({ ...V, note: Type.Optional(Note) }),
  'exemption/reject': Type.Object({ ...V, note: Reason }),
  petition: Type.Object({ ...V, caseNo: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }), note: Type.Optional(Note) }),
  mediation: Type.Object({ ...V, body: Str(200, 1), reason: Reason }),
  'mediation/outcome': Type.Object({ ...V, outcome: Enum(['settled', 'failed', 'withdrawn']), note: Reason }),
  whistle: Type.Object({
    ...V,
    departmentIds: Type.Array(Id, { minItems: 1, maxItems: 20, description: 'the departments and companies summoned' }),
    reason: Reason,
    reportBy: Type.Optional(Type.String({ format: 'date-time', description: 'default: 30 min for tiers 1–2, the end of the next working day otherwise' })),
  }),
  'whistle/report': Type.Object({
    ...V,
    action: Str(5000, 1),
    onSiteAt: Type.Optional(Type.String({ format: 'date-time' })),
    note: Type.Optional(Note),
    unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'the summoned unit reporting, when your unit is above several' })),
  }),
  'whistle/rate': Type.Object({
    ...V,
    ratings: Type.Array(Type.Object({ unitId: Id, score: Enum(['satisfied', 'basically', 'unsatisfied']), note: Type.Optional(Note) }), { minItems: 1, maxItems: 20 }),
  }),
  escalate: Type.Object({ ...V, level: Enum(['district', 'city', 'regulator']), reason: Reason }),
  'escalation/answer': Type.Object({
    ...V,
    decision: Enum(['coordinated', 'refused']),
    note: Reason,
    unitIds: Type.Optional(Type.Array(Id, { maxItems: 20, description: 'units assigned as co-handlers by the coordination (coordinated only)' })),
  }),
} as const;

export const IdParams = Type.Object({ id: Id });
