-- 微实事 micro-projects and 居民恳谈日 meetings (docs/MICROPROJECTS.md); one-time codes for needs, volunteers and votes.
alter table portal_otps drop constraint if exists portal_otps_purpose_check;
alter table portal_otps add constraint portal_otps_purpose_check check (purpose in ('submit','evaluate','need','volunteer','vote'));

create table meetings (
  id           serial primary key,
  community_id integer not null references units(id),
  held_on      date not null,
  place        text not null,
  attendees    integer not null check (attendees >= 0),
  topics       jsonb not null default '[]',
  decisions    jsonb not null default '[]',
  created_by   integer references users(id),
  created_at   timestamptz not null
);
create index meetings_community_idx on meetings(community_id, held_on);

create table projects (
  id            serial primary key,
  community_id  integer not null references units(id),
  title         text not null,
  description   text not null default '',
  budget        integer not null check (budget >= 0),
  source        text not null check (source in ('resident','meeting','hotspot')),
  hotspot_id    text,
  hotspot_label text,
  proposer_name text,
  proposer_hash text,
  status        text not null check (status in ('proposed','voting','approved','in_progress','done','rejected')),
  vote_ends_at  timestamptz,
  votes         integer not null default 0,
  result        text,
  version       integer not null default 1,
  created_by    integer references users(id),
  created_at    timestamptz not null,
  updated_at    timestamptz not null
);
create index projects_community_idx on projects(community_id, status);
-- One vote per verified phone per project: the unique index decides between concurrent votes.
create table project_votes (
  project_id integer not null references projects(id),
  phone_hash text not null,
  created_at timestamptz not null
);
create unique index project_votes_once on project_votes(project_id, phone_hash);
create table project_events (
  id         serial primary key,
  project_id integer not null references projects(id),
  type       text not null,
  actor_id   integer references users(id),
  at         timestamptz not null,
  payload    jsonb not null default '{}'
);
create index project_events_project_idx on project_events(project_id, id);
-- A meeting's links to the proposals it raised or discussed and to orders (工单) it took up.
create table meeting_links (
  meeting_id integer not null references meetings(id),
  project_id integer references projects(id),
  order_id   integer references orders(id),
  check ((project_id is null) <> (order_id is null))
);
create unique index meeting_links_project on meeting_links(meeting_id, project_id) where project_id is not null;
create unique index meeting_links_order on meeting_links(meeting_id, order_id) where order_id is not null;
