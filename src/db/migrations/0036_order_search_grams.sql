-- Chinese text search in the order list without a pass over every order. The list's `q` is a substring match
-- (ILIKE over title, description, address and number), which no B-tree or trigram index can serve for a
-- two-character word such as 小区. Each order keeps the set of its texts' character bigrams (lower-cased, none
-- across a space or a line break; the fields are joined by line breaks), set by a trigger in the same transaction
-- whenever one of those texts is written. Any text containing the query contains all of the query's bigrams, so
-- `search_grams @> minhu_search_grams(q)` (a GIN lookup) keeps every match; the ILIKE stays as the exact test of the
-- few rows it leaves. A one-character query has no bigram and is matched by ILIKE alone.
--
-- Orders written before this migration have no bigrams yet (null). Computing them here would rewrite the whole table
-- under an exclusive lock (16 minutes at 1 M orders, hours at 10 M), so the column is added empty and the job
-- `orders.search-backfill` fills it in batches of committed, SKIP LOCKED updates; until then the list also takes
-- the rows still null (`or search_grams is null`, their own partial index, empty once the backfill is done).
create function minhu_search_grams(s text) returns text[] language plpgsql immutable parallel safe as $$
declare
  t text := regexp_replace(lower(coalesce(s, '')), '\s+', ' ', 'g');
  out text[];
begin
  select array(select distinct g from (select substr(t, i, 2) as g from generate_series(1, length(t) - 1) i) x where strpos(g, ' ') = 0)
    into out;
  return out;
end $$;

-- An order's bigrams: its title, description, address and number, one line each. The trigger and the backfill job both
-- call it, so they cannot disagree.
create function minhu_order_search_grams(title text, description text, address text, number text) returns text[]
  language sql immutable parallel safe as $$ select minhu_search_grams(concat_ws(E'\n', title, description, address, number)) $$;

alter table orders add column search_grams text[];

create function orders_search_grams() returns trigger language plpgsql as $$
begin
  new.search_grams := minhu_order_search_grams(new.title, new.description, new.address, new.number);
  return new;
end $$;
create trigger orders_search_grams before insert or update of title, description, address, number on orders
  for each row execute function orders_search_grams();

create index orders_search_grams_idx on orders using gin (search_grams);
create index orders_search_pending_idx on orders (id) where search_grams is null;
