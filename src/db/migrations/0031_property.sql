-- 物业 property companies: a unit type of their own, attached to the communities they serve. An order about a
-- compound is dispatched to the community together with its property company (双派) and both are assessed (双考).
alter table units drop constraint units_type_check;
alter table units add constraint units_type_check
  check (type in ('center','district','street','town','community','grid','department','company','property'));

create table property_communities (
  property_unit_id  integer not null references units(id),
  community_unit_id integer not null references units(id),
  primary key (property_unit_id, community_unit_id)
);
create index property_communities_community_idx on property_communities(community_unit_id);

-- 双考: a property company's assessment stint shares the handling of the main-unit stint of the same dispatch.
alter table assessment_facts add column of_stint integer;
