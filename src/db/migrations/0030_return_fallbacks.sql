-- 首办负责制: an approved return never goes back to an empty queue. When the centre approves a return without
-- naming the new owner, the order goes to the fallback unit (兜底单位) of the returning unit's district — the
-- nearest unit above it (a district, or the centre for city-level units) that has one set here.
create table return_fallbacks (
  scope_unit_id integer primary key references units(id),
  unit_id       integer not null references units(id),
  updated_by    integer references users(id),
  updated_at    timestamptz not null,
  check (scope_unit_id <> unit_id)
);
create index return_fallbacks_unit_idx on return_fallbacks(unit_id);
