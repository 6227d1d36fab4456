// Types of the HTTP API the console uses (docs/API.md). Kept by hand; /docs/json is the full schema.

export type Role =
  | 'admin' | 'operator' | 'dispatcher' | 'handler' | 'unit_leader'
  | 'callback_agent' | 'supervisor' | 'leader' | 'grid_worker';

export type UnitType = 'center' | 'district' | 'street' | 'town' | 'community' | 'grid' | 'department' | 'company' | 'property';

export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unit: { id: number; code: string; name: string; type: UnitType };
  isCenter: boolean;
  demoUsersExist: boolean;
  mustChangePassword?: boolean;
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  aliases: string[];
  type: UnitType;
  parentId: number | null;
  path: string;
  contact: Record<string, unknown>;
  hasGeometry: boolean;
  /** a property company 物业: the communities it serves */
  serves?: number[];
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number;
  unitName?: string;
  disabled?: boolean;
  isDemo?: boolean;
  mustChangePassword?: boolean;
}

export type HandlerKind = 'jurisdiction' | 'department' | 'company';

export interface Category {
  id: number;
  parentId: number | null;
  level: 1 | 2 | 3;
  name: string;
  tier: number | null;
  handlerKind: HandlerKind | null;
  handlerUnitId: number | null;
  keywords: string[];
  active: boolean;
}

export type LimitUnit = 'minutes' | 'hours' | 'workdays';
export interface Limit { amount: number; unit: LimitUnit }
export interface TierPolicy { tier: number; name: string; sign: Limit; contact: Limit; resolve: Limit }
export interface SlaPreview { tier: number; from: string; signDueAt: string; contactDueAt: string; resolveDueAt: string; provisional: { sign: number | null; contact: number | null; resolve: number | null } }
export interface CalendarYear { year: number; source: string; enteredAt: string; enteredBy: number | null; holidays: Record<string, string>; workdays: Record<string, string> }
export interface CalendarCoverage { firstYear: number; lastYear: number; shippedLastYear: number; timezone: string; entered: CalendarYear[]; now: string; provisional: { year: number; openOrders: number }[] }

export type OrderStatus =
  | 'registered' | 'answered' | 'dispatched' | 'accepted' | 'return_requested' | 'replied'
  | 'reopened' | 'closed' | 'merged' | 'invalid' | 'listed';
export type Warning = 'green' | 'yellow' | 'red';
export type OrderType = 'consult' | 'help' | 'complaint' | 'report' | 'suggestion' | 'praise' | 'other';
export type Channel =
  | 'phone' | 'web' | 'wechat' | 'app' | 'qr' | 'message_board' | 'grid' | 'enterprise' | 'api' | 'open311' | 'weibo' | 'city_management' | 'petition' | 'leader_line' | 'reception';

export interface Requester { name: string | null; phone: string | null; hidden: boolean; idNumber?: string | null; company?: string | null }

export interface OrderSummary {
  id: number;
  number: string;
  status: OrderStatus;
  channel: Channel;
  type: OrderType;
  title: string;
  address: string;
  categoryId: number | null;
  categoryName: string | null;
  tier: number;
  mainUnitId: number | null;
  mainUnitName: string | null;
  /** Set when a deadline was counted on plain weekdays into this year (no official holiday schedule yet). */
  provisionalYear: number | null;
  createdAt: string;
  signDueAt: string | null;
  contactDueAt: string | null;
  resolveDueAt: string | null;
  /** while replied: when the callback is due */
  callbackDueAt: string | null;
  warning: Warning | null;
  supervised: boolean;
  confidential: boolean;
  version: number;
  requester: Requester;
}

export interface Assignment {
  unitId: number; unitName: string; unitType: UnitType; role: 'main' | 'co' | 'copy' | 'sub' | 'whistle' | 'escalation'; active: boolean; assignedAt: string;
}
export interface OrderEvent {
  id: number; type: string; at: string;
  actor: { id: number; name: string } | null;
  unit: { id: number; name: string } | null;
  payload: Record<string, unknown>;
}
export interface PendingRequest {
  id: number; kind: 'return' | 'extension'; reason: string; payload: Record<string, unknown>; requestedAt: string; unitName: string | null;
}
export type Outcome = 'done' | 'unreachable' | 'refused';
export type Resolution = 'resolved' | 'partly' | 'unresolved';
export type Satisfaction = 'satisfied' | 'basically' | 'unsatisfied';
export interface CallbackRecord {
  outcome: Outcome; contacted: boolean | null; resolution: Resolution | null; satisfaction: Satisfaction | null; note: string; at: string;
}
export interface Attachment { id: string; filename: string; mime: string; size: number; createdAt?: string }
export interface DeadlineState { dueAt: string | null; level: Warning | null; provisional: boolean; provisionalYear: number | null }

export interface Order extends OrderSummary {
  description: string;
  location: { lat: number; lng: number } | null;
  tags: string[];
  parentId: number | null;
  reopenCount: number;
  signedAt: string | null;
  firstContactAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  listedUntil: string | null;
  jurisdictionUnitId: number | null;
  kbArticleId: number | null;
  assignments: Assignment[];
  events: OrderEvent[];
  deadlines: { sign: DeadlineState; contact: DeadlineState; resolve: DeadlineState };
  pendingRequests: PendingRequest[];
  callbacks: CallbackRecord[];
  attachments: Attachment[];
  allowedActions: string[];
}

export interface Page<T> { items: T[]; total: number; totalCapped?: boolean; page: number; pageSize: number }

export interface OverviewRow { unitId: number; unitName: string; yellow: number; red: number; overdue: number; supervised: number }

/** The SSE `order` event payload. */
export interface OrderChange { id: number; number: string; status: OrderStatus; unitIds: number[] }
