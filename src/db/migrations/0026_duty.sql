-- 7×24 duty rosters 值守 (issue 16): who is on duty for a unit when, plus a default contact; tier-1 and
-- tier-2 orders alert the person on duty at dispatch, the unit leader if unsigned after half the sign limit,
-- then the centre at the sign limit — each once per order and clock (claim rows in duty_alerts).
create table duty_slots (
  id            serial primary key,
  unit_id       integer not null references units(id),
  -- a console user of the unit, or a named contact with a phone (e.g. a night guard without an account)
  user_id       integer references users(id),
  contact_name  text,
  contact_phone text,
  starts_at     timestamptz not null,
  ends_at       timestamptz not null,
  note          text,
  check (ends_at > starts_at),
  check (user_id is not null or contact_phone is not null)
);
create index duty_slots_unit_idx on duty_slots(unit_id, starts_at);

create table duty_defaults (
  unit_id       integer primary key references units(id),
  user_id       integer references users(id),
  contact_name  text,
  contact_phone text,
  updated_by    integer references users(id),
  updated_at    timestamptz not null,
  check (user_id is not null or contact_phone is not null)
);

create table duty_alerts (
  order_id  integer not null references orders(id),
  clock_no  integer not null,
  stage     text not null check (stage in ('duty','leader','centre')),
  unit_id   integer not null references units(id),
  at        timestamptz not null,
  primary key (order_id, clock_no, stage)
);

insert into notification_templates (key, channel, audience, description, body) values
  ('duty_alert', 'sms', 'unit', '值守：紧急工单提醒值班人员', '【值守】{unitName}值班人员{person}：紧急工单{number}「{title}」已派至本单位，请于{signDueAt}前签收。'),
  ('duty_leader_alert', 'sms', 'unit', '值守：超半数签收时限未签收，提醒单位负责人', '【值守】{unitName}负责人{person}：紧急工单{number}「{title}」派单后已过签收时限一半仍未签收（时限{signDueAt}），请督促签收。'),
  ('duty_centre_alert', 'unit', 'unit', '值守：签收超时，提醒中心', '【值守】工单{number}「{title}」派至{unitName}，签收时限{signDueAt}已到仍未签收，请中心跟进。');
