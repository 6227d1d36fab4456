-- Scale (issue 17): who sees an order, kept as rows. For every order, each unit that sees it through an active
-- assignment — the assigned unit and every unit above it — with the order's registration instant. A unit's list
-- is then one index range in time order, instead of an assignment-and-path check on every order of the city
-- (a street's default list at 1,000,000 orders: 2 s at 10 connections before this).
-- Kept by triggers on order_assignments (every writer: dispatch, re-dispatch, co-handlers, copies, sub-dispatch,
-- whistle, escalation, generated history) and on units (a unit moved under another parent).
create table order_scope (
  unit_id    integer not null references units(id),
  order_id   integer not null references orders(id),
  created_at timestamptz not null,
  primary key (unit_id, order_id)
);
create index order_scope_recent_idx on order_scope(unit_id, created_at desc, order_id desc);
create index order_scope_order_idx on order_scope(order_id);
-- a grid worker reads the orders they registered
create index orders_created_by_idx on orders(created_by, created_at desc) where created_by is not null;

-- The units that see through one assignment: the ids on the unit's path ('/1/5/23/' → 1, 5, 23).
create function unit_path_ids(path text) returns integer[] language sql immutable as $$
  select coalesce(string_to_array(trim(both '/' from path), '/')::integer[], '{}')
$$;

-- Recomputes the scope of every order the statement touched (an order has a handful of assignments).
create function order_scope_refresh() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into order_scope (unit_id, order_id, created_at)
      select distinct v.unit_id, a.order_id, o.created_at
      from changed a join units u on u.id = a.unit_id join orders o on o.id = a.order_id
      cross join lateral unnest(unit_path_ids(u.path)) as v(unit_id)
      where a.active
    on conflict do nothing;
  else
    delete from order_scope s using (select distinct order_id from changed) c where s.order_id = c.order_id;
    insert into order_scope (unit_id, order_id, created_at)
      select distinct v.unit_id, a.order_id, o.created_at
      from (select distinct order_id from changed) c
      join order_assignments a on a.order_id = c.order_id and a.active
      join units u on u.id = a.unit_id join orders o on o.id = a.order_id
      cross join lateral unnest(unit_path_ids(u.path)) as v(unit_id)
    on conflict do nothing;
  end if;
  return null;
end $$;

create trigger order_scope_insert after insert on order_assignments referencing new table as changed
  for each statement execute function order_scope_refresh();
create trigger order_scope_update after update on order_assignments referencing new table as changed
  for each statement execute function order_scope_refresh();
create trigger order_scope_delete after delete on order_assignments referencing old table as changed
  for each statement execute function order_scope_refresh();

-- A unit given another parent (a new path): the orders assigned in its subtree are seen by other units above it now.
create function order_scope_unit_moved() returns trigger language plpgsql as $$
declare
  moved integer[];
begin
  select array_agg(distinct a.order_id) into moved
    from changed n join before_rows b on b.id = n.id and b.path <> n.path and b.path <> ''
    join units su on su.path like n.path || '%' join order_assignments a on a.unit_id = su.id and a.active;
  if moved is not null then
    delete from order_scope where order_id = any(moved);
    insert into order_scope (unit_id, order_id, created_at)
      select distinct v.unit_id, a.order_id, o.created_at
      from order_assignments a join units u on u.id = a.unit_id join orders o on o.id = a.order_id
      cross join lateral unnest(unit_path_ids(u.path)) as v(unit_id)
      where a.order_id = any(moved) and a.active
    on conflict do nothing;
  end if;
  return null;
end $$;
create trigger order_scope_unit_moved after update on units referencing old table as before_rows new table as changed
  for each statement execute function order_scope_unit_moved();

-- The orders there are.
insert into order_scope (unit_id, order_id, created_at)
  select distinct v.unit_id, a.order_id, o.created_at
  from order_assignments a join units u on u.id = a.unit_id join orders o on o.id = a.order_id
  cross join lateral unnest(unit_path_ids(u.path)) as v(unit_id)
  where a.active
on conflict do nothing;
