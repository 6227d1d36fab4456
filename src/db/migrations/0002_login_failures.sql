-- Failed sign-ins, shared by all instances, for rate limiting.
create table login_failures (
  key  text not null,
  at   timestamptz not null
);
create index login_failures_key_idx on login_failures(key, at);
