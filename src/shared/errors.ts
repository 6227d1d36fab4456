// One error registry: every error has a stable code, an HTTP status and a message a person can act on.
// The HTTP error handler turns AppError into application/problem+json; docs/ERRORS.md lists every code
// (a test fails when one is missing there).

export const ERRORS = {
  validation_failed: { status: 400, title: 'The request is not valid; check the fields named in "errors".' },
  bad_json: { status: 400, title: 'The request body is not valid JSON.' },
  unsupported_media_type: { status: 415, title: 'This content type is not accepted here.' },
  payload_too_large: { status: 413, title: 'The request body is too large.' },
  not_authenticated: { status: 401, title: 'Sign in first (POST /api/v1/session).' },
  invalid_credentials: { status: 401, title: 'Wrong username or password.' },
  too_many_attempts: { status: 429, title: 'Too many sign-in attempts; wait a minute and try again.' },
  forbidden: { status: 403, title: 'Your role or unit may not do this.' },
  not_found: { status: 404, title: 'No such resource.' },
  order_not_found: { status: 404, title: 'No such order, or it is outside your unit.' },
  unit_not_found: { status: 404, title: 'No such unit.' },
  category_not_found: { status: 404, title: 'No such catalog category.' },
  user_not_found: { status: 404, title: 'No such user.' },
  article_not_found: { status: 404, title: 'No such knowledge-base article.' },
  attachment_not_found: { status: 404, title: 'No such attachment.' },
  route_not_found: { status: 404, title: 'No such endpoint; see /docs for the API.' },
  version_conflict: { status: 409, title: 'The order changed since you loaded it; reload and try again.' },
  invalid_transition: { status: 409, title: 'This action is not allowed in the order\'s current state.' },
  username_taken: { status: 409, title: 'That username is already in use.' },
  already_pending: { status: 409, title: 'A request of this kind is already waiting for a decision.' },
  nothing_pending: { status: 409, title: 'There is no pending request to decide.' },
  reopen_limit_reached: { status: 409, title: 'The order has been reopened the maximum number of times; close it with the evaluation recorded.' },
  merge_target_invalid: { status: 409, title: 'The parent order cannot take merged orders (it must be another open order).' },
  unit_not_assignable: { status: 422, title: 'That unit cannot take this role in the order.' },
  category_not_leaf: { status: 422, title: 'Orders are dispatched to third-level (leaf) categories only.' },
  requester_confidential: { status: 403, title: 'The requester of this order is confidential and cannot be revealed to units.' },
  catalog_import_failed: { status: 422, title: 'The catalog file has errors; nothing was imported. Fix the lines listed and import again.' },
  calendar_year_not_covered: { status: 422, title: 'The official holiday calendar has no data for this year; an admin can enter the year from the State Council notice (管理 → 节假日日历), or update the calendar package.' },
  calendar_schedule_invalid: { status: 422, title: 'The holiday schedule has errors; nothing was saved. Fix the entries listed in "errors" and save again.' },
  calendar_year_shipped: { status: 409, title: 'That year comes with the calendar package and cannot be entered by hand; update the package to change it.' },
  calendar_year_gap: { status: 409, title: 'Calendar years must follow each other without a gap; enter (or remove) the years in order.' },
  invalid_date: { status: 400, title: 'The date or time is not valid; use ISO 8601, e.g. 2025-09-30T10:00:00+08:00.' },
  attachment_type_not_allowed: { status: 415, title: 'This file type is not accepted; upload a photo (JPEG/PNG/WebP/GIF), audio (MP3/WAV/AMR/M4A) or document (PDF/Office).' },
  attachment_too_large: { status: 413, title: 'The file is larger than the allowed size.' },
  model_not_trained: { status: 409, title: 'The category model has no training data yet.' },
  overloaded: { status: 503, title: 'The server is overloaded; retry after a few seconds.' },
  data_dir_locked: { status: 500, title: 'The data folder is in use by another live Minhu process.' },
  internal: { status: 500, title: 'Something went wrong on our side; the error was logged. Try again.' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly extra: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, detail?: string, extra?: Record<string, unknown>) {
    super(detail ?? ERRORS[code].title);
    this.code = code;
    this.status = ERRORS[code].status;
    this.extra = extra;
  }
}

/** Throws the registered error; `detail` says what exactly was wrong in this case. */
export function fail(code: ErrorCode, detail?: string, extra?: Record<string, unknown>): never {
  throw new AppError(code, detail, extra);
}
