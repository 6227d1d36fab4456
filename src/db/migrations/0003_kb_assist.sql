-- Knowledge base (知识库) with Chinese full-text search that works on PGlite and PostgreSQL:
-- the app segments text with jieba and stores the words space-separated in search_text; the
-- 'simple' text-search configuration then indexes them without needing a Chinese parser.
create table kb_articles (
  id           serial primary key,
  question     text not null,
  answer       text not null,
  category_id  integer references catalog_categories(id),
  keywords     text[] not null default '{}',
  source       text not null default '',
  valid_from   date,
  valid_to     date,
  active       boolean not null default true,
  search_text  text not null default '',
  tsv          tsvector generated always as (to_tsvector('simple', search_text)) stored,
  use_count    integer not null default 0,
  created_by   integer references users(id),
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);
create index kb_articles_tsv_idx on kb_articles using gin (tsv);

alter table orders add constraint orders_kb_article_fk foreign key (kb_article_id) references kb_articles(id);

-- Labelled examples for the category model: every dispatch (the dispatcher's confirmed or corrected
-- category) and every imported labelled row. Instances keep their in-memory model in step by reading
-- rows past the id they last saw (woken by NOTIFY minhu_assist).
create table assist_examples (
  id          serial primary key,
  order_id    integer references orders(id),
  title       text not null,
  detail      text not null default '',
  label       text not null,
  source      text not null check (source in ('dispatch','import')),
  created_at  timestamptz not null default now()
);
create index assist_examples_order_idx on assist_examples(order_id);

create function assist_learn_from_dispatch() returns trigger language plpgsql as $$
declare
  o record;
begin
  if new.type = 'dispatched' and (new.payload->>'categoryId') is not null then
    select title, description into o from orders where id = new.order_id;
    insert into assist_examples (order_id, title, detail, label, source)
      values (new.order_id, o.title, o.description, new.payload->>'categoryId', 'dispatch');
    perform pg_notify('minhu_assist', new.order_id::text);
  elsif new.type = 'answered' and (new.payload->>'kbArticleId') is not null then
    update kb_articles set use_count = use_count + 1 where id = (new.payload->>'kbArticleId')::int;
  end if;
  return new;
end $$;

create trigger order_events_learn after insert on order_events
  for each row execute function assist_learn_from_dispatch();

create index orders_open_recent_idx on orders(created_at desc) where status in ('registered','dispatched','accepted','return_requested','replied','reopened','listed');
create index orders_jurisdiction_idx on orders(jurisdiction_unit_id, created_at desc);
