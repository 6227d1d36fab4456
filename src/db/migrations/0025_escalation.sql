-- 分级协调 escalation (issue 16): the main unit asks the district, the city (the 12345 centre) or a company's
-- industry regulator to coordinate a cross-sector / cross-district order; the addressed level answers by a
-- deadline (coordinated, with units assigned, or refused with a reason); the sweep records a late answer once.

-- The addressed unit sees the order through an assignment of its own kind, active while the request is open.
alter table order_assignments drop constraint order_assignments_role_check;
alter table order_assignments add constraint order_assignments_role_check check (role in ('main','co','copy','sub','whistle','escalation'));

create table escalations (
  id                serial primary key,
  order_id          integer not null references orders(id),
  level             text not null check (level in ('district','city','regulator')),
  -- the requesting main unit, and the unit that coordinates at that level
  from_unit_id      integer not null references units(id),
  to_unit_id        integer not null references units(id),
  reason            text not null,
  answer_by         timestamptz not null,
  status            text not null default 'open' check (status in ('open','coordinated','refused','cancelled')),
  decision_note     text,
  assigned_unit_ids integer[] not null default '{}',
  requested_by      integer references users(id),
  requested_at      timestamptz not null,
  answered_by       integer references users(id),
  answered_at       timestamptz,
  -- the sweep's claim: set once (conditional update) in the transaction of the escalation_overdue event
  overdue_at        timestamptz
);
-- One open request per order.
create unique index escalations_one_open_idx on escalations(order_id) where status = 'open';
create index escalations_due_idx on escalations(answer_by) where status = 'open' and overdue_at is null;
create index escalations_to_idx on escalations(to_unit_id, status);
create index escalations_requested_idx on escalations(requested_at);

insert into notification_templates (key, channel, audience, description, body) values
  ('unit_escalation', 'unit', 'unit', '分级协调：提请协调', '提请协调：{fromUnit}就工单{number}「{title}」提请{unitName}协调，事由：{reason}。请于{answerBy}前答复。'),
  ('unit_escalation_answered', 'unit', 'unit', '分级协调：协调答复', '协调答复：{toUnit}对工单{number}「{title}」的协调请求答复：{decision}。{note}'),
  ('unit_escalation_overdue', 'unit', 'unit', '分级协调：答复超时', '协调超时：工单{number}「{title}」提请{unitName}协调，答复时限{answerBy}已过，请尽快答复。');
