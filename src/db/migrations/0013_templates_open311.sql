-- Message templates (zh-CN), editable by admins. {placeholders} are filled from the outbox payload.
create table notification_templates (
  key         text primary key,
  channel     text not null check (channel in ('sms','unit')),
  audience    text not null check (audience in ('resident','unit')),
  description text not null,
  body        text not null,
  updated_by  integer references users(id),
  updated_at  timestamptz not null default now()
);
insert into notification_templates (key, channel, audience, description, body) values
  ('receipt', 'sms', 'resident', '受理回执：工单号与查询方式', '【12345】您的诉求已受理，工单号{number}。可凭工单号和本手机号在12345网站或微信查询办理进度。'),
  ('reply', 'sms', 'resident', '办理答复与评价链接', '【12345】您的诉求（工单号{number}）已办理：{reply}。请对办理结果进行评价：{evaluationUrl}'),
  ('callback_reminder', 'sms', 'resident', '回访提醒（未接通时）', '【12345】我们就工单{number}的办理情况回访未能接通，稍后将再次来电，您也可通过{evaluationUrl}评价。'),
  ('otp', 'sms', 'resident', '一次性验证码', '【12345】您的验证码是{code}，{minutes}分钟内有效。请勿告诉他人。'),
  ('unit_dispatched', 'unit', 'unit', '派单提醒', '新工单{number}「{title}」已派至{unitName}，请在{signDueAt}前签收。'),
  ('unit_supervised', 'unit', 'unit', '督办提醒', '工单{number}「{title}」已被督办：{note}'),
  ('unit_warned', 'unit', 'unit', '时限黄牌预警', '黄牌预警：工单{number}「{title}」{deadline}时限将于{dueAt}到期。'),
  ('unit_overdue', 'unit', 'unit', '超期红牌', '红牌：工单{number}「{title}」{deadline}时限已于{dueAt}到期，请立即处理。'),
  ('unit_return_decided', 'unit', 'unit', '退单审核结果', '工单{number}「{title}」的退单申请{decision}。{note}');

-- Open311 GeoReport v2: API keys an admin issues per client application (stored hashed; revocable). Each key
-- files orders as its own service user (never able to sign in), so the order history names the application.
create table open311_keys (
  id          serial primary key,
  name        text not null,
  key_hash    text not null unique,
  prefix      text not null,
  user_id     integer not null references users(id),
  created_by  integer references users(id),
  created_at  timestamptz not null,
  revoked_at  timestamptz,
  last_used_at timestamptz
);

-- What an Open311 client sent beyond the order itself, written in the transaction that registers the order.
create table open311_requests (
  order_id    integer primary key references orders(id),
  key_id      integer not null references open311_keys(id),
  token       text not null unique,
  service_code text not null,
  attributes  jsonb not null default '{}',
  media_url   text,
  email       text,
  device_id   text,
  account_id  text
);

-- Per-key request counts per minute window (shared by every instance).
create table open311_rate (
  key_id      integer not null references open311_keys(id),
  window_start timestamptz not null,
  count       integer not null,
  primary key (key_id, window_start)
);
