-- When a replied order's callback is due (DOMAIN §7: within 1 working day of the reply), set by the reply action on
-- the official calendar. Orders replied before this migration get the next calendar day as an approximation.
alter table orders add column callback_due_at timestamptz;
update orders set callback_due_at = replied_at + interval '1 day' where status = 'replied' and replied_at is not null;
