-- Minhu core schema: organisation, users, catalog, orders and their history.

create table units (
  id          serial primary key,
  code        text not null unique,
  name        text not null,
  aliases     text[] not null default '{}',
  type        text not null check (type in ('center','district','street','town','community','grid','department','company')),
  parent_id   integer references units(id),
  -- materialised path of ids, e.g. '/1/2/15/', so a subtree is one prefix match
  path        text not null,
  geojson     jsonb,
  contact     jsonb not null default '{}',
  created_at  timestamptz not null default now()
);
create index units_parent_idx on units(parent_id);
create index units_path_idx on units(path text_pattern_ops);

create table users (
  id            serial primary key,
  username      text not null unique,
  display_name  text not null,
  password_hash text not null,
  role          text not null check (role in ('admin','operator','dispatcher','handler','unit_leader','callback_agent','supervisor','leader','grid_worker')),
  unit_id       integer not null references units(id),
  is_demo       boolean not null default false,
  disabled      boolean not null default false,
  created_at    timestamptz not null default now()
);

create table sessions (
  token_hash  text primary key,
  user_id     integer not null references users(id),
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null
);
create index sessions_user_idx on sessions(user_id);

-- The dispatch catalog: three levels; leaves carry the handler rule, tier and keywords.
create table catalog_categories (
  id             serial primary key,
  parent_id      integer references catalog_categories(id),
  level          smallint not null check (level between 1 and 3),
  name           text not null,
  tier           smallint check (tier between 1 and 4),
  handler_kind   text check (handler_kind in ('jurisdiction','department','company')),
  handler_unit_id integer references units(id),
  keywords       text[] not null default '{}',
  active         boolean not null default true,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now()
);
create unique index catalog_name_unique on catalog_categories(coalesce(parent_id, 0), name);

-- Every admin edit or import bumps the catalog version and records what changed.
create table catalog_versions (
  version     serial primary key,
  kind        text not null,
  summary     jsonb not null default '{}',
  created_by  integer references users(id),
  created_at  timestamptz not null default now()
);

-- Deadline policy per urgency tier (四级响应). Each limit: amount + unit (minutes | hours | workdays).
create table sla_policies (
  tier            smallint primary key check (tier between 1 and 4),
  name            text not null,
  sign_amount     integer not null, sign_unit     text not null check (sign_unit in ('minutes','hours','workdays')),
  contact_amount  integer not null, contact_unit  text not null check (contact_unit in ('minutes','hours','workdays')),
  resolve_amount  integer not null, resolve_unit  text not null check (resolve_unit in ('minutes','hours','workdays')),
  updated_at      timestamptz not null default now()
);
insert into sla_policies values
  (1, '紧急', 15, 'minutes', 30, 'minutes', 2, 'hours', now()),
  (2, '较急', 1, 'hours', 2, 'hours', 24, 'hours', now()),
  (3, '一般', 1, 'workdays', 1, 'workdays', 7, 'workdays', now()),
  (4, '复杂', 1, 'workdays', 1, 'workdays', 15, 'workdays', now());

create table settings (
  key    text primary key,
  value  jsonb not null
);
insert into settings values ('max_reopens', '2'), ('callback_max_attempts', '3');

create table orders (
  id               serial primary key,
  number           text not null unique,
  channel          text not null,
  type             text not null,
  title            text not null,
  description      text not null default '',
  address          text not null default '',
  lat              double precision,
  lng              double precision,
  requester_name   text,
  requester_phone  text,
  requester_id_no  text,
  requester_company text,
  confidential     boolean not null default false,
  category_id      integer references catalog_categories(id),
  tier             smallint not null default 3 check (tier between 1 and 4),
  tags             text[] not null default '{}',
  status           text not null,
  version          integer not null default 1,
  main_unit_id     integer references units(id),
  parent_id        integer references orders(id),
  jurisdiction_unit_id integer references units(id),
  kb_article_id    integer,
  reopen_count     integer not null default 0,
  -- the current deadline clock: a new one starts at dispatch, re-dispatch and reopen
  clock_no         integer not null default 0,
  clock_started_at timestamptz,
  sign_due_at      timestamptz,
  contact_due_at   timestamptz,
  resolve_due_at   timestamptz,
  signed_at        timestamptz,
  first_contact_at timestamptz,
  replied_at       timestamptz,
  closed_at        timestamptz,
  supervised       boolean not null default false,
  listed_until     date,
  created_by       integer references users(id),
  created_at       timestamptz not null,
  updated_at       timestamptz not null
);
create index orders_status_idx on orders(status, created_at desc);
create index orders_main_unit_idx on orders(main_unit_id, status);
create index orders_created_idx on orders(created_at desc);
create index orders_phone_idx on orders(requester_phone);
create index orders_category_idx on orders(category_id);
create index orders_resolve_due_idx on orders(resolve_due_at) where status in ('dispatched','accepted','reopened','return_requested');

-- Who handles the order: main (主办), co (协办), copy (抄送), sub (二次派单 to a community/grid).
create table order_assignments (
  id           serial primary key,
  order_id     integer not null references orders(id),
  unit_id      integer not null references units(id),
  role         text not null check (role in ('main','co','copy','sub')),
  active       boolean not null default true,
  assigned_by  integer references users(id),
  assigned_at  timestamptz not null
);
create index order_assignments_order_idx on order_assignments(order_id);
create index order_assignments_unit_idx on order_assignments(unit_id) where active;

-- The order's history: append-only, one row per action, written in the same transaction as the change.
create table order_events (
  id          serial primary key,
  order_id    integer not null references orders(id),
  type        text not null,
  actor_id    integer references users(id),
  actor_unit_id integer references units(id),
  at          timestamptz not null,
  payload     jsonb not null default '{}'
);
create index order_events_order_idx on order_events(order_id, id);

-- Pending side requests (return 退单, extension 延期) awaiting the centre's decision.
create table order_requests (
  id           serial primary key,
  order_id     integer not null references orders(id),
  kind         text not null check (kind in ('return','extension')),
  status       text not null default 'pending' check (status in ('pending','approved','rejected')),
  unit_id      integer references units(id),
  reason       text not null,
  payload      jsonb not null default '{}',
  requested_by integer references users(id),
  requested_at timestamptz not null,
  decided_by   integer references users(id),
  decided_at   timestamptz,
  decision_note text
);
create unique index order_requests_one_pending on order_requests(order_id, kind) where status = 'pending';

create table order_callbacks (
  id           serial primary key,
  order_id     integer not null references orders(id),
  outcome      text not null check (outcome in ('done','unreachable','refused')),
  contacted    boolean,
  resolution   text check (resolution in ('resolved','partly','unresolved')),
  satisfaction text check (satisfaction in ('satisfied','basically','unsatisfied')),
  note         text not null default '',
  agent_id     integer references users(id),
  unit_id      integer references units(id),
  at           timestamptz not null
);
create index order_callbacks_order_idx on order_callbacks(order_id);

-- Deadline sweep claims: the unique key makes each (order, clock, deadline, level) fire exactly once.
create table order_alerts (
  order_id   integer not null references orders(id),
  clock_no   integer not null,
  deadline   text not null check (deadline in ('sign','contact','resolve')),
  level      text not null check (level in ('yellow','red')),
  at         timestamptz not null,
  primary key (order_id, clock_no, deadline, level)
);

create table attachments (
  id          text primary key,
  order_id    integer references orders(id),
  filename    text not null,
  mime        text not null,
  size        integer not null,
  sha256      text not null,
  storage_key text not null,
  uploaded_by integer references users(id),
  created_at  timestamptz not null
);
create index attachments_order_idx on attachments(order_id);

create table audit_log (
  id        serial primary key,
  at        timestamptz not null,
  user_id   integer references users(id),
  unit_id   integer references units(id),
  action    text not null,
  order_id  integer references orders(id),
  detail    jsonb not null default '{}'
);
create index audit_log_order_idx on audit_log(order_id);

-- Notifications to requesters and units go through an outbox, so a dead gateway loses nothing.
create table outbox (
  id          serial primary key,
  channel     text not null,
  recipient   text not null,
  template    text not null,
  payload     jsonb not null default '{}',
  status      text not null default 'pending' check (status in ('pending','sent','failed')),
  attempts    integer not null default 0,
  next_try_at timestamptz not null default now(),
  created_at  timestamptz not null default now(),
  sent_at     timestamptz
);
create index outbox_pending_idx on outbox(next_try_at) where status = 'pending';
