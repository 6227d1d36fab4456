-- Scope rows: which units see which orders, kept by the database itself.
--
-- A unit sees an order when one of its subtree's units holds an active assignment of it (main, co, copy, sub,
-- whistle, escalation), or a user of it registered the order. The list used to test that per order with a prefix
-- match on unit paths, which at a megacity's size means visiting every order (seconds per page). Here every active
-- assignment gives one row per ancestor-or-self of its unit, so a unit's orders are one index range, already in
-- time order: (unit_id, created_at desc, order_id desc).
--
-- Triggers keep it: any change to an order's assignments recomputes that order's rows, and a unit moved in the tree
-- (its path changed) recomputes the orders assigned to it. Written in the same transaction as the change.

create table order_scope (
  unit_id    integer not null references units(id),
  order_id   integer not null references orders(id),
  created_at timestamptz not null,
  primary key (unit_id, order_id)
);
create index order_scope_unit_time_idx on order_scope(unit_id, created_at desc, order_id desc);
create index order_scope_order_idx on order_scope(order_id);
-- the registrant's own orders (the other half of a unit user's list)
create index orders_created_by_idx on orders(created_by, created_at desc);
-- the centre's list by category, newest first, and its capped count (the plain category index is its prefix)
create index orders_category_time_idx on orders(category_id, created_at desc, id desc);
drop index orders_category_idx;

-- The ids on a unit's materialised path ('/1/2/15/' → {1,2,15}): the unit and all its ancestors.
create function unit_path_ids(p text) returns integer[] language sql immutable strict as $$
  select coalesce(string_to_array(trim(both '/' from p), '/')::integer[], '{}'::integer[])
$$;

-- Recomputes the scope rows of the given orders from their active assignments. The orders' rows are locked first,
-- so two transactions changing one order's assignments recompute one after the other, each from committed state.
create function order_scope_refresh(ids integer[]) returns void language plpgsql as $$
begin
  if ids is null or cardinality(ids) = 0 then return; end if;
  perform 1 from orders where id = any(ids) order by id for update;
  delete from order_scope where order_id = any(ids);
  insert into order_scope (unit_id, order_id, created_at)
  select distinct p.uid, o.id, o.created_at
    from orders o
    join order_assignments a on a.order_id = o.id and a.active
    join units u on u.id = a.unit_id
    cross join lateral unnest(unit_path_ids(u.path)) as p(uid)
   where o.id = any(ids)
  on conflict do nothing;
end $$;

create function order_scope_after_insert() returns trigger language plpgsql as $$
begin
  perform order_scope_refresh(array(select distinct order_id from new_rows));
  return null;
end $$;
create function order_scope_after_update() returns trigger language plpgsql as $$
begin
  perform order_scope_refresh(array(
    select distinct n.order_id from new_rows n join old_rows o on o.id = n.id
     where n.active is distinct from o.active or n.unit_id is distinct from o.unit_id or n.order_id is distinct from o.order_id
    union
    select o.order_id from new_rows n join old_rows o on o.id = n.id where n.order_id is distinct from o.order_id));
  return null;
end $$;
create function order_scope_after_delete() returns trigger language plpgsql as $$
begin
  perform order_scope_refresh(array(select distinct order_id from old_rows));
  return null;
end $$;
create trigger order_scope_ins after insert on order_assignments referencing new table as new_rows
  for each statement execute function order_scope_after_insert();
create trigger order_scope_upd after update on order_assignments referencing old table as old_rows new table as new_rows
  for each statement execute function order_scope_after_update();
create trigger order_scope_del after delete on order_assignments referencing old table as old_rows
  for each statement execute function order_scope_after_delete();

create function order_scope_after_unit_move() returns trigger language plpgsql as $$
begin
  perform order_scope_refresh(array(
    select distinct a.order_id from order_assignments a
      join new_units n on n.id = a.unit_id join old_units o on o.id = n.id
     where a.active and n.path is distinct from o.path));
  return null;
end $$;
create trigger order_scope_unit_move after update on units referencing old table as old_units new table as new_units
  for each statement execute function order_scope_after_unit_move();

-- Every order that has assignments now.
insert into order_scope (unit_id, order_id, created_at)
select distinct p.uid, o.id, o.created_at
  from order_assignments a
  join orders o on o.id = a.order_id
  join units u on u.id = a.unit_id
  cross join lateral unnest(unit_path_ids(u.path)) as p(uid)
 where a.active
on conflict do nothing;
