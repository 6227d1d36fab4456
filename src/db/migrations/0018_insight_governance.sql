-- Insight 主动治理: hotspots, early warnings, 每月一题 topics and 未诉先办 tasks, and the claimed periodic job.

-- Periodic insight work (hotspot refresh, warning scan): one row per job, claimed with a lease so that one
-- instance runs each pass.
create table insight_jobs (
  name          text primary key,
  due_at        timestamptz not null,
  claimed_until timestamptz,
  last_run_at   timestamptz,
  last_ms       integer
);
insert into insight_jobs (name, due_at) values ('hotspots', '-infinity'), ('warnings', '-infinity');

-- Tunables (admin-editable rows of settings).
insert into settings (key, value) values
  ('insight.hotspots', '{"windows":[7,30],"minSize":3,"similarity":0.3,"distanceMeters":1000}'),
  ('insight.warnings', '{"spikeP":0.0001,"spikeMin":5,"baselineWeeks":8,"repeatPhone":3,"repeatAddress":3,"repeatDays":30,"seasonalRatio":1.5,"seasonalMin":10}')
on conflict (key) do nothing;

-- The unit alert of a new early warning (sent through the outbox like every message).
insert into notification_templates (key, channel, audience, description, body) values
  ('unit_insight_warning', 'unit', 'unit', '主动治理预警', '预警：{title}。请登录民呼查看并处置（预警编号{warningId}）。')
on conflict (key) do nothing;

-- The stored hotspots of each standard window, replaced as a whole by every refresh.
-- order_units[i] is the main unit (0 = none) of order_ids[i], so a unit's view keeps its own orders only.
create table insight_hotspots (
  window_days         integer not null,
  id                  text not null,
  computed_at         timestamptz not null,
  label               text not null,
  keywords            text[] not null,
  order_ids           integer[] not null,
  order_units         integer[] not null,
  order_streets       integer[] not null,
  category_ids        integer[] not null,
  count               integer not null,
  distinct_requesters integer not null,
  previous            integer not null,
  growth              double precision not null,
  unresolved_share    double precision not null,
  score               double precision not null,
  category1_id        integer,
  center              jsonb,
  primary key (window_days, id)
);

-- Early warnings 预警: one record per (kind, key) — e.g. a spike of a category in a street on a day.
create table insight_warnings (
  id          serial primary key,
  kind        text not null check (kind in ('spike','repeat_requester','repeat_address','seasonal')),
  key         text not null,
  unit_id     integer references units(id),
  category_id integer references catalog_categories(id),
  title       text not null,
  detail      jsonb not null default '{}',
  order_ids   integer[] not null default '{}',
  state       text not null default 'new' check (state in ('new','seen','acted')),
  note        text,
  created_at  timestamptz not null,
  updated_at  timestamptz not null,
  unique (kind, key)
);
create index insight_warnings_state_idx on insight_warnings(state, created_at desc);

-- 每月一题 topics adopted from hotspot candidates, with their task force's actions.
create table insight_topics (
  id                serial primary key,
  title             text not null,
  lead_unit_id      integer not null references units(id),
  leader            text not null,
  co_unit_ids       integer[] not null default '{}',
  task_force        text not null default '',
  goal              text not null default '',
  -- the rule linking matching orders: keywords (any), optional categories and units (subtrees)
  rule              jsonb not null,
  start_month       text not null,
  source_hotspot    text,
  baseline          jsonb not null default '{}',
  status            text not null default 'open' check (status in ('open','closed')),
  created_by        integer references users(id),
  created_at        timestamptz not null,
  closed_at         timestamptz
);
create table insight_topic_actions (
  id         serial primary key,
  topic_id   integer not null references insight_topics(id),
  at         timestamptz not null,
  unit_id    integer references units(id),
  text       text not null,
  created_by integer references users(id)
);
create index insight_topic_actions_topic_idx on insight_topic_actions(topic_id, at);

-- 未诉先办: proactive tasks (what, where, which unit, due), caused by a topic or a warning.
create table insight_tasks (
  id          serial primary key,
  title       text not null,
  place       text not null default '',
  unit_id     integer not null references units(id),
  due_at      timestamptz not null,
  topic_id    integer references insight_topics(id),
  warning_id  integer references insight_warnings(id),
  status      text not null default 'open' check (status in ('open','done')),
  done_at     timestamptz,
  note        text,
  created_by  integer references users(id),
  created_at  timestamptz not null
);
create index insight_tasks_unit_idx on insight_tasks(unit_id, status, due_at);
