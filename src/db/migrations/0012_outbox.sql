-- The outbox becomes real: rows are written by an effects hook in the transaction of the event that causes
-- them, and delivered at least once by a leased worker (several instances may run it at once).
alter table outbox drop constraint if exists outbox_status_check;
alter table outbox add constraint outbox_status_check check (status in ('pending','sent','dead'));
alter table outbox add column if not exists idem_key text;
alter table outbox add column if not exists audience text not null default 'resident' check (audience in ('resident','unit'));
alter table outbox add column if not exists order_id integer references orders(id);
alter table outbox add column if not exists body text not null default '';
-- Lease: a claimer owns the row until claimed_until; a dead sender's rows are picked up again after it.
alter table outbox add column if not exists claimed_until timestamptz;
alter table outbox add column if not exists claim_token text;
alter table outbox add column if not exists last_error text;
update outbox set idem_key = 'outbox-' || id where idem_key is null;
alter table outbox alter column idem_key set not null;
create unique index if not exists outbox_idem_key_idx on outbox(idem_key);
create index if not exists outbox_order_idx on outbox(order_id, id);
create index if not exists outbox_status_idx on outbox(status, id desc);
