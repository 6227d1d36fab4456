-- Scale (issue 17): the deadline sweep reads only the orders whose clock runs, through their own index, instead of
-- every order; and JIT compilation is off for this database — it cost ~1.3 s of the sweep's 2.1 s per pass at
-- 1,000,000 orders and helps none of the short queries an order platform runs. PGlite has no JIT: skipped there.
create index orders_clocked_id_idx on orders(id) where status in ('dispatched','accepted','return_requested','reopened') and clock_started_at is not null;

do $$
begin
  execute format('alter database %I set jit = off', current_database());
exception when others then
  null;
end $$;
