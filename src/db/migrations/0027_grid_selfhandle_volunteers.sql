-- 网格员自行处置 (grid self-handling, docs/GRID.md) and 志愿服务 群众点单、社区派单、党员接单 (docs/VOLUNTEERS.md).

-- A small issue a grid worker handles on the spot: reported (before photo) → handled (after photo) → closed once
-- another grid worker of the same grid or the community verifies it; refused or escalated → an order (channel grid).
create table grid_issues (
  id           serial primary key,
  reporter_id  integer not null references users(id),
  unit_id      integer not null references units(id),
  title        text not null,
  description  text not null default '',
  address      text not null default '',
  lat          double precision,
  lng          double precision,
  status       text not null check (status in ('reported','handled','closed','escalated')),
  handled_note text,
  verifier_id  integer references users(id),
  order_id     integer references orders(id),
  version      integer not null default 1,
  created_at   timestamptz not null,
  handled_at   timestamptz,
  ended_at     timestamptz,
  updated_at   timestamptz not null
);
create index grid_issues_unit_idx on grid_issues(unit_id, created_at);
create table grid_issue_photos (
  issue_id      integer not null references grid_issues(id),
  attachment_id text not null references attachments(id),
  stage         text not null check (stage in ('before','after')),
  primary key (issue_id, attachment_id)
);
create table grid_issue_events (
  id        serial primary key,
  issue_id  integer not null references grid_issues(id),
  type      text not null,
  actor_id  integer references users(id),
  at        timestamptz not null,
  payload   jsonb not null default '{}'
);
create index grid_issue_events_issue_idx on grid_issue_events(issue_id, id);

-- Volunteers are people (not units): a community's registered volunteers, party members flagged.
create table volunteers (
  id             serial primary key,
  community_id   integer not null references units(id),
  name           text not null,
  phone          text not null,
  phone_hash     text not null unique,
  party_member   boolean not null default false,
  skills         text not null default '',
  user_id        integer references users(id),
  active         boolean not null default true,
  created_by     integer references users(id),
  created_at     timestamptz not null
);
create index volunteers_community_idx on volunteers(community_id);
-- A volunteer signed in on the portal with a one-time code: a short-lived token (hashed) that sees tasks only.
create table volunteer_sessions (
  token_hash   text primary key,
  volunteer_id integer not null references volunteers(id),
  expires_at   timestamptz not null
);
-- A need (群众点单) posted by a resident (portal, verified phone) or community staff; published as a task (社区派单),
-- claimed and completed by a volunteer (党员接单), confirmed by the requester.
create table volunteer_tasks (
  id              serial primary key,
  community_id    integer not null references units(id),
  kind            text not null check (kind in ('elderly','errand','repair','companion','other')),
  title           text not null,
  description     text not null default '',
  address         text not null default '',
  requester_name  text,
  requester_phone text,
  requester_hash  text,
  posted_by       integer references users(id),
  status          text not null check (status in ('posted','published','claimed','completed','confirmed','cancelled')),
  volunteer_id    integer references volunteers(id),
  note            text,
  hours           numeric(5,1),
  photo_id        text references attachments(id),
  version         integer not null default 1,
  created_at      timestamptz not null,
  published_at    timestamptz,
  claimed_at      timestamptz,
  completed_at    timestamptz,
  confirmed_at    timestamptz,
  updated_at      timestamptz not null
);
create index volunteer_tasks_community_idx on volunteer_tasks(community_id, status);
create index volunteer_tasks_volunteer_idx on volunteer_tasks(volunteer_id);
create table volunteer_task_events (
  id           serial primary key,
  task_id      integer not null references volunteer_tasks(id),
  type         text not null,
  actor_id     integer references users(id),
  volunteer_id integer references volunteers(id),
  at           timestamptz not null,
  payload      jsonb not null default '{}'
);
create index volunteer_task_events_task_idx on volunteer_task_events(task_id, id);
