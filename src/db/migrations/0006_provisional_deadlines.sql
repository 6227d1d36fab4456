-- Provisional deadlines (DOMAIN §5): a deadline counted into a year whose official holiday schedule nobody
-- has entered is computed on plain weekdays and marked. Each flag holds the first such year (null = official);
-- provisional_year is the earliest of the three, so "which orders can be recomputed now" is one index range.
-- deadline_basis records how each deadline was reached ({from, steps: [limit …]}), so entering the year can
-- recompute it exactly (policy limit, then every approved extension).
alter table orders add column sign_provisional_year    smallint;
alter table orders add column contact_provisional_year smallint;
alter table orders add column resolve_provisional_year smallint;
alter table orders add column provisional_year         smallint;
alter table orders add column deadline_basis           jsonb;
create index orders_provisional_idx on orders(provisional_year, id) where provisional_year is not null;

-- The states are data (orders/lifecycle.ts STATES); a test checks this list against it.
alter table orders add constraint orders_status_check check (status in
  ('registered','answered','dispatched','accepted','return_requested','replied','reopened','closed','merged','invalid','listed'));

-- An alert is about one due instant of one clock: an extension (or a recomputed provisional deadline) moves
-- only that deadline, so only its alerts re-arm; the others keep their claims and never fire twice.
alter table order_alerts add column due_at timestamptz;
update order_alerts a set due_at = case a.deadline when 'sign' then o.sign_due_at when 'contact' then o.contact_due_at else o.resolve_due_at end
  from orders o where o.id = a.order_id;
update order_alerts set due_at = 'epoch' where due_at is null;
alter table order_alerts alter column due_at set not null;
alter table order_alerts drop constraint order_alerts_pkey;
alter table order_alerts add primary key (order_id, clock_no, deadline, level, due_at);
