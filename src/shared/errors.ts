// One error registry: every error has a stable code, an HTTP status and a message a person can act on.
// The HTTP error handler turns AppError into application/problem+json; docs/ERRORS.md lists every code
// (a test fails when one is missing there).

export const ERRORS = {
  bad_request: { status: 400, title: 'The request is malformed at the HTTP level (request line, headers or framing) and was not read; send a well-formed HTTP/1.1 request.' },
  header_too_large: { status: 431, title: 'The request headers are too large; send fewer or shorter headers (large cookies are a common cause: clear this site\'s cookies and sign in again).' },
  request_timeout: { status: 408, title: 'The request did not arrive in time and was dropped; send it again.' },
  validation_failed: { status: 400, title: 'The request is not valid; check the fields named in "errors".' },
  bad_json: { status: 400, title: 'The request body is not valid JSON.' },
  unsupported_media_type: { status: 415, title: 'This content type is not accepted here.' },
  payload_too_large: { status: 413, title: 'The request body is too large.' },
  not_authenticated: { status: 401, title: 'Sign in first (POST /api/v1/session).' },
  invalid_credentials: { status: 401, title: 'Wrong username or password.' },
  too_many_attempts: { status: 429, title: 'Too many failed sign-in attempts from your address; wait the time given in Retry-After (seconds) and try again.' },
  password_change_required: { status: 403, title: 'Your password was reset; set a new one first (POST /api/v1/me/password).' },
  current_password_wrong: { status: 403, title: 'The current password is not right.' },
  password_unchanged: { status: 422, title: 'The new password must differ from the current one.' },
  csrf_rejected: { status: 403, title: 'The request was refused because it may be forged: it did not come from the Minhu console on this server. Reload the console page and try again; API clients must send the header X-Minhu-Request: 1 (see docs/API.md).' },
  forbidden: { status: 403, title: 'Your role or unit may not do this.' },
  not_found: { status: 404, title: 'No such resource.' },
  order_not_found: { status: 404, title: 'No such order, or it is outside your unit.' },
  unit_not_found: { status: 404, title: 'No such unit.' },
  category_not_found: { status: 404, title: 'No such catalog category.' },
  user_not_found: { status: 404, title: 'No such user.' },
  article_not_found: { status: 404, title: 'No such knowledge-base article.' },
  attachment_not_found: { status: 404, title: 'No such attachment.' },
  template_not_found: { status: 404, title: 'No such notification template.' },
  notification_not_found: { status: 404, title: 'No such notification in the outbox.' },
  api_key_not_found: { status: 404, title: 'No such Open311 API key.' },
  route_not_found: { status: 404, title: 'No such endpoint; see /docs for the API.' },
  version_conflict: { status: 409, title: 'The order changed since you loaded it; reload and try again.' },
  invalid_transition: { status: 409, title: 'This action is not allowed in the order\'s current state.' },
  username_taken: { status: 409, title: 'That username is already in use.' },
  last_admin: { status: 409, title: 'At least one active admin must remain; make another user admin first.' },
  already_pending: { status: 409, title: 'A request of this kind is already waiting for a decision.' },
  nothing_pending: { status: 409, title: 'There is no pending request to decide.' },
  reopen_limit_reached: { status: 409, title: 'The order has been reopened the maximum number of times; close it with the evaluation recorded.' },
  merge_target_invalid: { status: 409, title: 'The parent order cannot take merged orders (it must be another open order).' },
  notification_not_dead: { status: 409, title: 'Only a dead-lettered notification can be retried; this one is still queued or already sent.' },
  already_exempted: { status: 409, title: 'This order is already exempted from assessment for this unit.' },
  month_published: { status: 409, title: 'This assessment month is published; republish it with a reason to change its figures.' },
  month_not_published: { status: 409, title: 'This assessment month is not published yet.' },
  unit_not_assessed: { status: 422, title: 'Only streets, towns, departments and companies are assessed.' },
  unit_not_assignable: { status: 422, title: 'That unit cannot take this role in the order.' },
  category_not_leaf: { status: 422, title: 'Orders are dispatched to third-level (leaf) categories only.' },
  dispatch_category_required: { status: 422, title: 'The order has no category yet; choose a third-level (leaf) category to dispatch it.' },
  reveal_not_allowed: { status: 403, title: 'Only the main or co-handling unit (or a unit above one) and the 12345 centre may reveal the requester\'s phone; a copy (抄送) unit may not.' },
  reveal_limit_reached: { status: 429, title: 'You have revealed too many phone numbers in the last hour; try again later (see Retry-After).' },
  category_name_taken: { status: 409, title: 'A category with that name already exists under the same parent.' },
  conflict: { status: 409, title: 'The change conflicts with data saved meanwhile (a value that must be unique is taken); reload and try again.' },
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
  otp_wrong: { status: 422, title: 'The one-time code is not right; check the SMS and enter it again (a code allows a few tries).' },
  otp_expired: { status: 422, title: 'There is no valid one-time code for this phone (it expired, was used, or took too many wrong tries); ask for a new code.' },
  portal_limit_reached: { status: 429, title: 'Too many requests for this phone, address or network today; try again after the time given in Retry-After (seconds), or call 12345.' },
  portal_order_not_found: { status: 404, title: 'No order with this number was filed with this phone; check both.' },
  happy_code_not_found: { status: 404, title: 'No such 幸福码 QR code, or it was replaced by a new one.' },
  evaluation_not_open: { status: 409, title: 'This order has no reply to evaluate yet; evaluate it after the handling unit replied.' },
  already_evaluated: { status: 409, title: 'This order was already evaluated from the portal.' },
  overloaded: { status: 503, title: 'The server is overloaded; retry after a few seconds.' },
  data_dir_locked: { status: 500, title: 'The data folder is in use by another live Minhu process.' },
  whistle_not_allowed: { status: 422, title: 'The whistle (吹哨) is blown by the street, town or community handling the order.' },
  whistle_open: { status: 409, title: 'This order already has an open whistle; rate its units before blowing again.' },
  already_reported: { status: 409, title: 'This unit has already reported (报到) to the whistle.' },
  whistle_ratings_incomplete: { status: 422, title: 'Rate each summoned unit exactly once (and only those).' },
  whistle_not_due: { status: 409, title: 'A summoned unit may still report; rate after the report-by time or once every unit has reported.' },
  property_not_serving: { status: 422, title: 'That property company (物业) does not serve the community of the main unit; choose the property company attached to the compound\'s community.' },
  petition_already_linked: { status: 409, title: 'This petition case number is already linked to an order (最多投一次: a matter is handled once).' },
  petition_matter_exists: { status: 409, title: 'This requester\'s matter is already handled as an existing order (最多投一次); link the petition to it (POST /api/v1/orders/{id}/petition), or register it with "newMatter": true if it is a different matter.' },
  external_case_not_found: { status: 404, title: 'No order was filed for that city-management (数字城管) case number.' },
  rate_limited: { status: 429, title: 'Too many requests for this API key; wait the time given in Retry-After (seconds).' },
  return_owner_required: { status: 422, title: 'Name the new handling unit (mainUnitId): an approved return goes straight to its new owner, and the returning unit\'s district has no fallback unit (兜底单位) set (管理 → 兜底单位).' },
  return_owner_same: { status: 422, title: 'The new handling unit is the one that asked to return the order; reject the return instead, or name another unit.' },
  fallback_scope_invalid: { status: 422, title: 'A fallback unit (兜底单位) is set for a district or for the 12345 centre, and must be a street, town, district, department or company other than the scope itself.' },
  escalation_open: { status: 409, title: 'This order already has an open coordination request (分级协调); wait for its answer.' },
  escalation_target_missing: { status: 422, title: 'There is no unit at the requested coordination level for this order (no district above the unit, or no industry regulator).' },
  duty_roster_invalid: { status: 422, title: 'The duty roster (值守) is not valid: each slot needs a start before its end and a user of the unit or a contact phone.' },
  export_too_large: { status: 422, title: 'Too many orders match for one export; narrow the filters (e.g. a shorter time range) and export again.' },
  kb_import_failed: { status: 422, title: 'The knowledge-base file has errors; nothing was imported. Fix the lines listed in "errors" and import again.' },
  instruction_not_found: { status: 404, title: 'No such instruction (批示) on this order.' },
  instruction_answered: { status: 409, title: 'This instruction (批示) has already been answered.' },
  instruction_not_allowed: { status: 409, title: 'A closed, directly answered, invalid or merged order takes no new instruction (批示).' },
  grid_issue_not_found: { status: 404, title: 'No such self-handled grid issue, or it is outside your grid or unit.' },
  verifier_not_allowed: { status: 403, title: 'A self-handled issue is verified by another grid worker of the same grid or by community staff above it, never by the worker who handled it.' },
  volunteer_not_found: { status: 404, title: 'No volunteer is registered with this phone (or this id in your unit); ask your community to register you.' },
  volunteer_session_invalid: { status: 401, title: 'The volunteer sign-in expired or is not valid; verify your phone again with a one-time code.' },
  volunteer_task_not_found: { status: 404, title: 'No such volunteer task, or it is outside your community.' },
  project_not_found: { status: 404, title: 'No such micro-project (微实事), or it is outside your unit.' },
  meeting_not_found: { status: 404, title: 'No such residents\' meeting (恳谈日), or it is outside your unit.' },
  already_voted: { status: 409, title: 'This phone has already voted for this project (one vote per verified phone).' },
  voting_closed: { status: 409, title: 'Voting on this project is not open (not started, or the voting time is over).' },
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
