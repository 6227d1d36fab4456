-- Assessment counts per (month, unit, category): the three rates' numerators and denominators kept current with the
-- facts (same transaction), so a ranking or a scorecard reads a few hundred rows instead of a month of facts.
-- category_id 0 = no category. Published versions keep a frozen copy. Rebuildable from the facts.
create table assessment_counts (
  month              text not null,
  unit_id            integer not null,
  category_id        integer not null default 0,
  assessed           integer not null default 0,
  exempted           integer not null default 0,
  responded          integer not null default 0,
  evaluated          integer not null default 0,
  resolved           integer not null default 0,
  partly             integer not null default 0,
  satisfied          integer not null default 0,
  basically          integer not null default 0,
  attitude_rated     integer not null default 0,
  attitude_satisfied integer not null default 0,
  attitude_basically integer not null default 0,
  primary key (month, unit_id, category_id)
);
create index assessment_counts_unit_idx on assessment_counts(unit_id, month);

create table assessment_snapshot_counts (
  month              text not null,
  version            integer not null,
  unit_id            integer not null,
  category_id        integer not null default 0,
  assessed           integer not null,
  exempted           integer not null,
  responded          integer not null,
  evaluated          integer not null,
  resolved           integer not null,
  partly             integer not null,
  satisfied          integer not null,
  basically          integer not null,
  attitude_rated     integer not null,
  attitude_satisfied integer not null,
  attitude_basically integer not null,
  primary key (month, version, unit_id, category_id)
);
create index assessment_snapshot_counts_unit_idx on assessment_snapshot_counts(unit_id, month, version);

insert into assessment_counts
select month, unit_id, coalesce(category_id, 0),
  count(*) filter (where not x), count(*) filter (where x),
  count(*) filter (where not x and first_contact_at is not null and first_contact_at <= contact_due_at),
  count(*) filter (where not x and evaluation = 'evaluated'),
  count(*) filter (where not x and evaluation = 'evaluated' and resolution = 'resolved'),
  count(*) filter (where not x and evaluation = 'evaluated' and resolution = 'partly'),
  count(*) filter (where not x and evaluation = 'evaluated' and satisfaction = 'satisfied'),
  count(*) filter (where not x and evaluation = 'evaluated' and satisfaction = 'basically'),
  count(*) filter (where not x and evaluation = 'evaluated' and attitude is not null),
  count(*) filter (where not x and evaluation = 'evaluated' and attitude = 'satisfied'),
  count(*) filter (where not x and evaluation = 'evaluated' and attitude = 'basically')
from (select *, coalesce(exemption = 'approved', false) as x from assessment_facts where month is not null) f
group by 1, 2, 3;

insert into assessment_snapshot_counts
select month, version, unit_id, coalesce(category_id, 0),
  count(*) filter (where not x), count(*) filter (where x),
  count(*) filter (where not x and first_contact_at is not null and first_contact_at <= contact_due_at),
  count(*) filter (where not x and evaluation = 'evaluated'),
  count(*) filter (where not x and evaluation = 'evaluated' and resolution = 'resolved'),
  count(*) filter (where not x and evaluation = 'evaluated' and resolution = 'partly'),
  count(*) filter (where not x and evaluation = 'evaluated' and satisfaction = 'satisfied'),
  count(*) filter (where not x and evaluation = 'evaluated' and satisfaction = 'basically'),
  count(*) filter (where not x and evaluation = 'evaluated' and attitude is not null),
  count(*) filter (where not x and evaluation = 'evaluated' and attitude = 'satisfied'),
  count(*) filter (where not x and evaluation = 'evaluated' and attitude = 'basically')
from (select *, coalesce(exemption = 'approved', false) as x from assessment_snapshot_facts) f
group by 1, 2, 3, 4;

-- A month's rebuild finds the orders whose handling ended in it without scanning the whole event log.
create index order_events_ending_idx on order_events(at) where type in ('callback_recorded', 'closed');
