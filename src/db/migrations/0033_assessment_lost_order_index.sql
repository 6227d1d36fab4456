-- A unit's scorecard lists the first orders (by id) behind each kind of lost point. With the facts in (unit, month,
-- order) order, each kind is an index scan that stops after the orders it shows, instead of reading every fact of
-- the unit's month (~12,000 rows on as many heap pages in a megacity's month). The new index replaces
-- (unit_id, month), which it covers. Exempted facts are few: their own small index.
drop index if exists assessment_facts_unit_idx;
create index assessment_facts_unit_month_order_idx on assessment_facts(unit_id, month, order_id);
create index assessment_facts_exempted_idx on assessment_facts(unit_id, month, order_id) where exemption = 'approved';
drop index if exists assessment_snapshot_unit_idx;
create index assessment_snapshot_unit_month_order_idx on assessment_snapshot_facts(month, version, unit_id, order_id);
