-- 幸福码: one active QR code per community and grid; it opens the portal pre-located to that unit. A misused
-- code is rotated: the old one is revoked (kept, so a scan says it is no longer valid) and a new one issued.
create table happy_codes (
  code           text primary key,
  unit_id        integer not null references units(id),
  created_at     timestamptz not null,
  created_by     integer references users(id),
  revoked_at     timestamptz,
  revoked_by     integer references users(id),
  revoked_reason text
);
create unique index happy_codes_active_idx on happy_codes(unit_id) where revoked_at is null;
alter table portal_orders add constraint portal_orders_happy_code_fk foreign key (happy_code) references happy_codes(code);
