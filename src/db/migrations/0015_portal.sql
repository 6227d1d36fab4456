-- The public portal (residents without an account). See docs/PORTAL.md.

-- One-time codes: a resident proves a phone before submitting or evaluating. Only hashes are kept: the phone
-- as sha256 (the order keeps the phone itself), the code as sha256 of (phone hash, code). A code is good once,
-- for one purpose, until it expires; wrong guesses are counted in portal_counters (scope otp_attempt).
create table portal_otps (
  id          serial primary key,
  phone_hash  text not null,
  purpose     text not null check (purpose in ('submit','evaluate')),
  code_hash   text not null,
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  used_at     timestamptz,
  order_id    integer references orders(id)
);
create index portal_otps_phone_idx on portal_otps(phone_hash, purpose, id desc);

-- Abuse limits and failed guesses, counted per (scope, key, window) and shared by every instance. A refused
-- request writes here and nowhere else (like login_throttle for sign-ins).
create table portal_counters (
  scope        text not null,
  key          text not null,
  window_start timestamptz not null,
  count        integer not null,
  primary key (scope, key, window_start)
);
create index portal_counters_window_idx on portal_counters(window_start);

-- What the portal adds to an order it filed (written in the registering transaction).
create table portal_orders (
  order_id    integer primary key references orders(id),
  happy_code  text,
  photos      integer not null default 0,
  created_at  timestamptz not null
);

-- Residents' own evaluations from the portal, one per reply round (round = the order's reopen count when it was
-- given: a reopened order that is replied again can be evaluated again). as_callback: it was recorded as the order's
-- callback (the resident answered before the callback agent); otherwise it is kept beside the agent's callback.
create table portal_evaluations (
  id           serial primary key,
  order_id     integer not null references orders(id),
  round        integer not null,
  contacted    boolean not null,
  resolution   text not null check (resolution in ('resolved','partly','unresolved')),
  satisfaction text not null check (satisfaction in ('satisfied','basically','unsatisfied')),
  note         text not null default '',
  as_callback  boolean not null,
  created_at   timestamptz not null
);
create unique index portal_evaluations_round_idx on portal_evaluations(order_id, round);
