-- Sign-in policy (docs/DECISIONS.md "Failed sign-ins"): one row per throttle key, shared by every instance.
--   'p:<username>|<address>'  failures for one (username, client address) pair
--   'a:<address>'             failures from one client address (a looser budget)
-- A key with more failures than its budget waits until blocked_until (1 s, 2 s, 4 s … capped at 15 min).
-- Replaces login_failures, whose per-username counter let anyone lock a colleague out.
create table login_throttle (
  key             text primary key,
  failures        integer not null,
  last_failure_at timestamptz not null,
  blocked_until   timestamptz
);
create index login_throttle_last_idx on login_throttle(last_failure_at);
drop table login_failures;

-- An admin's password reset sets a temporary password; the user must choose a new one before anything else.
alter table users add column must_change_password boolean not null default false;
