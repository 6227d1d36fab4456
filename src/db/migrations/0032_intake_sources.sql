-- More intake sources (docs/SOURCES.md).
-- 数字城管 cases arrive through an authenticated API; one case is one order, however often it is sent.
create table external_cases (
  source       text not null check (source in ('city_management')),
  external_no  text not null,
  order_id     integer not null unique references orders(id),
  key_id       integer references open311_keys(id),
  received_at  timestamptz not null,
  primary key (source, external_no)
);

-- 信访 最多投一次: a petition about a matter already handled is linked to its order, not registered again.
create table petition_links (
  id          serial primary key,
  order_id    integer not null references orders(id),
  case_no     text not null unique,
  linked_by   integer references users(id),
  linked_at   timestamptz not null
);
create index petition_links_order_idx on petition_links(order_id);

-- 领导接待日: a district leader receives residents; each matter raised becomes an order (channel reception).
create table reception_days (
  id          serial primary key,
  day         date not null,
  leader_name text not null,
  place       text not null,
  visitors    integer not null check (visitors >= 0),
  note        text not null default '',
  created_by  integer references users(id),
  created_at  timestamptz not null
);
create table reception_matters (
  reception_day_id integer not null references reception_days(id),
  order_id         integer not null unique references orders(id),
  primary key (reception_day_id, order_id)
);

-- 调处: a referral of a dispute to a mediation body is a request on the order, pending until its outcome.
alter table order_requests drop constraint if exists order_requests_kind_check;
alter table order_requests add constraint order_requests_kind_check check (kind in ('return','extension','exemption','mediation'));

-- Our side of the sync: each status change of a 数字城管 order goes back to that system through the outbox
-- (recipient city_management:<case number>; the webhook gateway routes it by template).
insert into notification_templates (key, channel, audience, description, body) values
  ('city_management_status', 'unit', 'unit', '数字城管案件状态同步', '工单{number}（数字城管案件{caseNo}）{status}：{text}');
