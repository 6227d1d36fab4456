-- Insight 一网知全局: daily counts kept by an effects hook with every order change, so dashboards never scan orders.
-- One row per (registration day in city time, main unit, category, channel, type, current status); `n` orders.
-- unit_id / category_id 0 = none yet (not dispatched / not classified). Rebuildable: `minhu insight rebuild`.
create table insight_daily (
  day         date not null,
  unit_id     integer not null,
  category_id integer not null,
  channel     text not null,
  type        text not null,
  status      text not null,
  -- no check on n: a move is two upserts (-1 old bucket, +1 new), and PostgreSQL checks the proposed row of an
  -- upsert before it resolves the conflict
  n           integer not null,
  primary key (day, unit_id, category_id, channel, type, status)
);
create index insight_daily_unit_idx on insight_daily(unit_id, day);

-- Orders that exist already, counted in the default city time zone (with another MINHU_TIMEZONE run
-- `minhu insight rebuild` once after upgrading).
insert into insight_daily (day, unit_id, category_id, channel, type, status, n)
select (created_at at time zone 'Asia/Shanghai')::date, coalesce(main_unit_id, 0), coalesce(category_id, 0), channel, type, status, count(*)::int
from orders group by 1, 2, 3, 4, 5, 6;

-- The dashboards' lists of supervised open orders (督办) without a scan of the orders.
create index orders_supervised_open_idx on orders(main_unit_id)
  where supervised and status in ('registered','dispatched','accepted','return_requested','replied','reopened','listed');
