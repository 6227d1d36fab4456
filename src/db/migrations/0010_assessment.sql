-- Assessment 考核: facts kept with every order change, per-month weights, exemptions, published snapshots.

-- Exemption requests 免考核 live beside return and extension requests.
alter table order_requests drop constraint if exists order_requests_kind_check;
alter table order_requests add constraint order_requests_kind_check check (kind in ('return','extension','exemption'));

-- Residents of a unit's area, for the request density of 治理类; demo values are marked as such.
alter table units add column population integer check (population is null or population >= 0);
alter table units add column population_is_demo boolean not null default false;

-- One row per order and main-unit stint (a re-dispatch after an approved return starts a new stint).
-- `month` is set when the stint's handling ended (callback recorded or closed without one), in city time;
-- only rows with a month are assessed.
create table assessment_facts (
  order_id         integer not null references orders(id),
  stint            integer not null,
  unit_id          integer not null references units(id),
  started_at       timestamptz not null,
  contact_due_at   timestamptz,
  first_contact_at timestamptz,
  ended            text check (ended in ('handled','returned','invalid','merged')),
  ended_at         timestamptz,
  month            text,
  evaluation       text check (evaluation in ('evaluated','unreachable','refused','none')),
  resolution       text,
  satisfaction     text,
  exemption        text check (exemption in ('pending','approved','rejected')),
  exemption_reason text,
  primary key (order_id, stint)
);
create index assessment_facts_month_idx on assessment_facts(month, unit_id) where month is not null;
create index assessment_facts_unit_idx on assessment_facts(unit_id, month);

create table assessment_weights (
  month      text primary key,
  a          double precision not null,
  b          double precision not null,
  c          double precision not null,
  wp         double precision not null,
  wb         double precision not null,
  updated_by integer references users(id),
  updated_at timestamptz not null
);

-- A published month: each version freezes the ranking (items per unit type) and the facts behind it.
create table assessment_publications (
  month        text not null,
  version      integer not null,
  published_at timestamptz not null,
  published_by integer references users(id),
  reason       text,
  weights      jsonb not null,
  rankings     jsonb not null,
  primary key (month, version)
);

create table assessment_snapshot_facts (
  month            text not null,
  version          integer not null,
  order_id         integer not null,
  stint            integer not null,
  unit_id          integer not null,
  contact_due_at   timestamptz,
  first_contact_at timestamptz,
  ended_at         timestamptz,
  evaluation       text,
  resolution       text,
  satisfaction     text,
  exemption        text,
  exemption_reason text,
  primary key (month, version, order_id, stint)
);
create index assessment_snapshot_unit_idx on assessment_snapshot_facts(month, version, unit_id);
