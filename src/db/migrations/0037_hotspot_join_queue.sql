-- Hotspot joins leave the registration's path: a registration queues its order here (one insert in its
-- transaction), and a join pass (hotspot-join.ts) takes the queue in batches, woken by the orders' NOTIFY on every
-- instance and polled as a backstop. No foreign key: a pass skips an id whose order is gone.
create table insight_join_queue (
  order_id  integer primary key,
  queued_at timestamptz not null
);
