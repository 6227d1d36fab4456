// TypeBox schemas of the portal API (public) and the 幸福码 admin API.
import { Type } from 'typebox';
import { MONTH_PATTERN } from '../assessment/month';
import { Location } from '../orders/orders.schemas';
import { CODE_PATTERN } from './happy-codes';
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from './photos';

const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const NStr = Type.Union([Type.String(), Type.Null()]);
export const Phone = Type.String({ minLength: 1, maxLength: 30, description: 'an 11-digit mobile number (spaces, dashes, +86 allowed)' });
export const Code = Type.String({ minLength: 1, maxLength: 10, description: 'the 6-digit one-time code from the SMS' });
export const Number14 = Type.String({ minLength: 1, maxLength: 40, description: 'the order number (YYYYMMDD + 6 digits)' });

export const Kinds = Type.Object({ items: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), hint: Type.String(), categoryId: Type.Union([Type.Integer(), Type.Null()]) })) });

export const Place = Type.Object({
  code: Type.String(), unitId: Type.Integer(), unitName: Type.String(), unitType: Type.String(), fullName: Type.String(),
  center: Type.Union([Type.Object({ lat: Type.Number(), lng: Type.Number() }), Type.Null()]),
});
export const CodeParams = Type.Object({ code: Type.String({ pattern: CODE_PATTERN }) });

/** Photos as base64 (a data: URL prefix is allowed), at most 3 of 4 MB. */
export const Photos = Type.Array(Type.Object({ name: Type.Optional(Str(200)), data: Str(Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 200, 1) }), { maxItems: MAX_PHOTOS });

export const OtpBody = Type.Object({ phone: Phone, purpose: Type.Union([Type.Literal('submit'), Type.Literal('evaluate'), Type.Literal('need'), Type.Literal('volunteer'), Type.Literal('vote')]) });
export const OtpSent = Type.Object({ expiresInSeconds: Type.Integer(), resendAfterSeconds: Type.Integer() });

export const SubmitBody = Type.Object({
  kind: Str(40, 1),
  description: Str(2000, 5),
  address: Type.Optional(Str(300)),
  location: Type.Optional(Type.Union([Location, Type.Null()])),
  name: Type.Optional(Str(50)),
  phone: Phone,
  code: Code,
  happyCode: Type.Optional(Type.Union([Type.String({ pattern: CODE_PATTERN }), Type.Null()])),
  photos: Type.Optional(Photos),
  website: Type.Optional(Str(200, 0)),
});
export const Submitted = Type.Object({ number: Type.String(), createdAt: Type.String(), channel: Type.String(), photos: Type.Integer(), trackUrl: Type.String() });

export const TrackBody = Type.Object({ number: Number14, phone: Phone });
const Evaluation = Type.Object({ contacted: Type.Boolean(), resolution: Type.String(), satisfaction: Type.String(), createdAt: Type.String() });
export const PublicOrder = Type.Object({
  number: Type.String(), status: Type.String(), statusLabel: Type.String(), channel: Type.String(), title: Type.String(), address: Type.String(),
  categoryName: NStr, unitName: NStr, requesterPhone: NStr, photos: Type.Integer(), createdAt: Type.String(), resolveDueAt: NStr, closedAt: NStr,
  timeline: Type.Array(Type.Object({ at: Type.String(), label: Type.String(), text: NStr })),
  reply: Type.Union([Type.Object({ at: Type.String(), text: Type.String() }), Type.Null()]),
  evaluation: Type.Union([Evaluation, Type.Null()]),
  canEvaluate: Type.Boolean(),
  callbackDone: Type.Boolean(),
});

export const EvaluateBody = Type.Object({
  number: Number14, phone: Phone, code: Code, contacted: Type.Boolean(),
  resolution: Type.Union([Type.Literal('resolved'), Type.Literal('partly'), Type.Literal('unresolved')]),
  satisfaction: Type.Union([Type.Literal('satisfied'), Type.Literal('basically'), Type.Literal('unsatisfied')]),
  note: Type.Optional(Str(1000)),
});
export const Evaluated = Type.Object({ recordedAs: Type.Union([Type.Literal('callback'), Type.Literal('evaluation')], { description: 'callback: the resident answered first, so this is the order\'s callback' }) });

export const DisclosureQuery = Type.Object({ month: Type.Optional(Type.String({ pattern: MONTH_PATTERN })) });
const Rate = Type.Union([Type.Number(), Type.Null()]);
export const Disclosure = Type.Object({
  month: Type.String(), total: Type.Integer(),
  months: Type.Array(Type.Object({ month: Type.String(), total: Type.Integer() })),
  topCategories: Type.Array(Type.Object({ name: Type.String(), count: Type.Integer() })),
  byType: Type.Array(Type.Object({ type: Type.String(), count: Type.Integer() })),
  assessment: Type.Object({
    published: Type.Boolean(), version: Type.Union([Type.Integer(), Type.Null()]), publishedAt: NStr,
    streets: Type.Array(Type.Object({ name: Type.String(), rank: Type.Union([Type.Integer(), Type.Null()]), assessed: Type.Integer(), responseRate: Rate, resolutionRate: Rate, satisfactionRate: Rate, composite: Rate })),
  }),
});

export const MapAreas = Type.Object({
  areas: Type.Array(Type.Object({ name: Type.String(), type: Type.String(), rings: Type.Array(Type.Array(Type.Array(Type.Number()))) })),
});

const HappyCode = Type.Object({ code: Type.String(), url: Type.String(), unitId: Type.Integer(), unitName: Type.String(), unitType: Type.String(), parentName: NStr, createdAt: Type.String() });
export const HappyCodeSchema = HappyCode;
export const StreetQuery = Type.Object({ streetId: Type.Integer({ minimum: 1, maximum: 2147483647 }), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });
export const HappyCodeList = Type.Object({ street: Type.Object({ id: Type.Integer(), name: Type.String() }), pages: Type.Integer(), items: Type.Array(HappyCode) });
export const Streets = Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), codes: Type.Integer() })) });
export const RotateParams = Type.Object({ unitId: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
export const RotateBody = Type.Object({ reason: Str(500, 1) });
