-- Candidate lookups for duplicate detection: recent open orders by jurisdiction and by category.
create index orders_open_jurisdiction_idx on orders(jurisdiction_unit_id, created_at desc)
  where status in ('registered','dispatched','accepted','return_requested','replied','reopened','listed') and parent_id is null;
create index orders_open_category_idx on orders(category_id, created_at desc)
  where status in ('registered','dispatched','accepted','return_requested','replied','reopened','listed') and parent_id is null;
