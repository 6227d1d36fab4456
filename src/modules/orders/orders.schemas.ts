// TypeBox schemas of the orders API: they validate requests and feed OpenAPI.
import { Type } from 'typebox';

const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

export const CHANNELS = ['phone', 'web', 'wechat', 'app', 'qr', 'message_board', 'grid', 'enterprise', 'api', 'open311'] as const;
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
      phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[0-9+\\- ]*$' })),
      idNumber: Type.Optional(Str(30)),
      company: Type.Optional(Str(200)),
    }),
  ),
  confidential: Type.Optional(Type.Boolean()),
  categoryId: Type.Optional(Type.Union([Id, Type.Null()])),
  tier: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
  tags: Type.Optional(Type.Array(Str(50, 1), { maxItems: 20 })),
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
  supervised: Type.Boolean(), confidential: Type.Boolean(), version: Type.Integer(), requester: Requester,
});

const Deadline = Type.Object({ dueAt: NullableDateTime, level: Warning });
export const OrderDetail = Type.Object({
  ...OrderSummary.properties,
  description: Type.String(), location: Type.Union([Location, Type.Null()]), tags: Type.Array(Type.String()), parentId: NullableInt, reopenCount: Type.Integer(),
  signedAt: NullableDateTime, firstContactAt: NullableDateTime, repliedAt: NullableDateTime, closedAt: NullableDateTime, listedUntil: NullableStr,
  jurisdictionUnitId: NullableInt, kbArticleId: NullableInt,
  assignments: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), unitType: Type.String(), role: Type.String(), active: Type.Boolean(), assignedAt: DateTime })),
  events: Type.Array(Type.Object({ id: Type.Integer(), type: Type.String(), at: DateTime, actor: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]), unit: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]), payload: Json })),
  deadlines: Type.Object({ sign: Deadline, contact: Deadline, resolve: Deadline }),
  pendingRequests: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), reason: Type.String(), payload: Json, requestedAt: DateTime, unitName: NullableStr })),
  callbacks: Type.Array(Type.Object({ outcome: Type.String(), contacted: Type.Union([Type.Boolean(), Type.Null()]), resolution: NullableStr, satisfaction: NullableStr, note: Type.String(), at: DateTime })),
  attachments: Type.Array(Type.Object({ id: Type.String(), filename: Type.String(), mime: Type.String(), size: Type.Integer(), createdAt: DateTime })),
  allowedActions: Type.Array(Type.String()),
});

export const OrderList = Type.Object({ items: Type.Array(OrderSummary), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

const V = { version: Type.Integer({ minimum: 1, maximum: 2147483647 }) };
const Note = Str(5000);
const Reason = Str(5000, 1);
const Ids = Type.Array(Id, { maxItems: 50 });

/** The body of each action (besides `version`). */
export const ACTION_BODIES = {
  answer: Type.Object({ ...V, answer: Str(20000, 1), kbArticleId: Type.Optional(Type.Union([Id, Type.Null()])) }),
  dispatch: Type.Object({ ...V, mainUnitId: Id, coUnitIds: Type.Optional(Ids), copyUnitIds: Type.Optional(Ids), categoryId: Type.Optional(Type.Union([Id, Type.Null()])), tier: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })), note: Type.Optional(Note) }),
  sign: Type.Object({ ...V }),
  contact: Type.Object({ ...V, note: Reason }),
  subdispatch: Type.Object({ ...V, unitId: Id, note: Type.Optional(Note) }),
  reply: Type.Object({ ...V, result: Str(20000, 1), replyToRequester: Str(20000, 1) }),
  return: Type.Object({ ...V, reason: Reason }),
  'return/approve': Type.Object({ ...V, note: Type.Optional(Note) }),
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
    note: Type.Optional(Note),
  }),
  reopen: Type.Object({ ...V, reason: Reason }),
  close: Type.Object({ ...V, note: Type.Optional(Note) }),
  merge: Type.Object({ ...V, parentId: Id }),
  invalidate: Type.Object({ ...V, reason: Reason }),
  list: Type.Object({ ...V, reason: Reason, until: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
  supervise: Type.Object({ ...V, note: Reason }),
} as const;

export const IdParams = Type.Object({ id: Id });
