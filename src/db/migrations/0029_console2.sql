-- 批示: a leader's instruction on an order and the handling unit's answer (one answer per instruction).
-- Both are also order events (instruction_given / instruction_answered) written in the same transaction.
create table order_instructions (
  id               serial primary key,
  order_id         integer not null references orders(id),
  text             text not null,
  given_by         integer not null references users(id),
  given_unit_id    integer references units(id),
  given_at         timestamptz not null,
  answer           text,
  answered_by      integer references users(id),
  answered_unit_id integer references units(id),
  answered_at      timestamptz
);
create index order_instructions_order_idx on order_instructions(order_id);

-- The alert to the handling units when a leader writes one (through the outbox, in the same transaction).
insert into notification_templates (key, channel, audience, description, body) values
  ('unit_instruction', 'unit', 'unit', '领导批示：请承办单位答复', '领导批示：{leader}就工单{number}「{title}」批示：{text}。请{unitName}落实并在工单页答复批示。');

-- The knowledge-base admin list filters by category and active state, newest first.
create index kb_articles_category_idx on kb_articles(category_id);
