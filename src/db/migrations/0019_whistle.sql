-- Whistle 吹哨报到 (DOMAIN §6): a street or community summons departments and companies to an order;
-- each reports (报到) before the report-by time; the street rates each response; ratings feed assessment.

-- A summoned unit sees the order through an assignment of its own kind, active while the whistle is open.
alter table order_assignments drop constraint order_assignments_role_check;
alter table order_assignments add constraint order_assignments_role_check check (role in ('main','co','copy','sub','whistle'));

create table whistles (
  id          serial primary key,
  order_id    integer not null references orders(id),
  -- the whistling unit (the street/town handling the order, or its community)
  unit_id     integer not null references units(id),
  reason      text not null,
  report_by   timestamptz not null,
  -- a unit still without a report at this instant counts as missing (缺报) rather than late
  missing_at  timestamptz not null,
  status      text not null default 'open' check (status in ('open','closed','cancelled')),
  created_by  integer references users(id),
  created_at  timestamptz not null,
  closed_by   integer references users(id),
  closed_at   timestamptz
);
-- One open whistle per order: more departments join by closing (rating) it and blowing again.
create unique index whistles_one_open_idx on whistles(order_id) where status = 'open';
create index whistles_open_due_idx on whistles(report_by) where status = 'open';

create table whistle_units (
  whistle_id    integer not null references whistles(id),
  unit_id       integer not null references units(id),
  report_action text,
  report_note   text,
  on_site_at    timestamptz,
  reported_by   integer references users(id),
  reported_at   timestamptz,
  rating        text check (rating in ('satisfied','basically','unsatisfied')),
  rating_note   text,
  rated_at      timestamptz,
  primary key (whistle_id, unit_id)
);
create index whistle_units_unit_idx on whistle_units(unit_id);

-- The sweep's claims: one row per (whistle, unit, kind), inserted in the transaction of its event,
-- so several instances record each late / missing report exactly once.
create table whistle_alerts (
  whistle_id integer not null references whistles(id),
  unit_id    integer not null references units(id),
  kind       text not null check (kind in ('late','missing')),
  at         timestamptz not null,
  primary key (whistle_id, unit_id, kind)
);

-- The whistle score's weight in a department's / company's composite (null = not set: composite unchanged).
alter table assessment_weights add column ww double precision;

insert into notification_templates (key, channel, audience, description, body) values
  ('unit_whistle', 'unit', 'unit', '吹哨报到：部门被召集', '吹哨报到：{whistler}就工单{number}「{title}」召集{unitName}，事由：{reason}。请于{reportBy}前报到。'),
  ('unit_whistle_late', 'unit', 'unit', '吹哨报到超时', '吹哨报到超时：工单{number}「{title}」要求{unitName}于{reportBy}前报到，至今未报到，请立即报到。'),
  ('unit_whistle_missing', 'unit', 'unit', '吹哨报到缺报', '吹哨报到缺报：{unitName}未就工单{number}「{title}」报到（时限{reportBy}），已记缺报。');
