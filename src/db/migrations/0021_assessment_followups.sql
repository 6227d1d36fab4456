-- What follows a ranking (issue 14 item 7): the callback's rating of the staff's attitude (态度), the category of
-- each assessed stint (for 关键小事 rankings), companies' industry regulators (部门+行业 joint scoring), the key
-- matters the city picks, and the monthly 约谈 (interview) records with their follow-ups.

alter table order_callbacks add column attitude text check (attitude in ('satisfied','basically','unsatisfied'));

alter table assessment_facts add column attitude text check (attitude in ('satisfied','basically','unsatisfied'));
alter table assessment_facts add column category_id integer;
alter table assessment_snapshot_facts add column attitude text;
alter table assessment_snapshot_facts add column category_id integer;

-- Stint n of an order began with its nth dispatch: its category is that dispatch's.
update assessment_facts f set category_id = (
  select (e.payload->>'categoryId')::int from order_events e
  where e.order_id = f.order_id and e.type = 'dispatched' order by e.id offset f.stint - 1 limit 1);
update assessment_snapshot_facts s set category_id = f.category_id
  from assessment_facts f where f.order_id = s.order_id and f.stint = s.stint;
create index assessment_facts_category_idx on assessment_facts(month, category_id) where month is not null;

-- A company's industry regulator (a department): 部门+行业 joint scoring rolls companies up under it.
alter table units add column regulator_id integer references units(id);
alter table units add column regulator_is_demo boolean not null default false;

-- 关键小事: categories the city picks, scored and ranked on their own. Category ids of any level (a level-1 or
-- level-2 id covers its leaves).
create table assessment_key_matters (
  id           serial primary key,
  name         text not null unique,
  category_ids integer[] not null,
  active       boolean not null default true,
  created_by   integer references users(id),
  created_at   timestamptz not null
);

-- 约谈: one interview per (month, unit), with the commitments made and the follow-ups until done.
create table assessment_interviews (
  id            serial primary key,
  month         text not null,
  unit_id       integer not null references units(id),
  reason        text not null check (reason in ('last_ranked','governance','other')),
  held_on       date not null,
  interviewer   text not null,
  attendees     text not null default '',
  commitments   text not null,
  follow_up_due date,
  status        text not null default 'open' check (status in ('open','done')),
  follow_ups    jsonb not null default '[]',
  recorded_by   integer references users(id),
  recorded_at   timestamptz not null,
  unique (month, unit_id)
);
