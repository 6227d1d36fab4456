-- Phone reveals: counted per user over the last hour (rate limit), and the audit log searched by
-- supervisors newest first (keyset paging on (at, id)).
create index audit_log_user_at_idx on audit_log(user_id, at);
create index audit_log_at_idx on audit_log(at desc, id desc);
insert into settings values ('reveal_limit_per_hour', '30') on conflict (key) do nothing;
