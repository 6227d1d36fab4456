-- A new order joins its hotspot at registration (0035), in the registration's transaction, instead of waiting for
-- the next refresh. Each stored hotspot keeps what the refresh's clustering knew of it: the centroid (its heaviest
-- terms and their summed weights, as [[term, weight], …]) and its norm, the streets of its members and those beside
-- them, how many members were located (its centre is their mean), and how many documents its window clustered.
-- insight_vocabulary keeps each window's most frequent terms and their document frequencies, so that a new order's
-- vector is weighted as the refresh weighted its members'.
alter table insight_hotspots
  add column centroid       jsonb not null default '[]',
  add column centroid_norm  double precision not null default 0,
  add column cluster_streets integer[] not null default '{}',
  add column near_streets   integer[] not null default '{}',
  add column located        integer not null default 0,
  add column window_docs    integer not null default 0,
  add column window_min_df  integer not null default 0;
create index insight_hotspots_near_idx on insight_hotspots using gin (near_streets);

create table insight_vocabulary (
  window_days integer not null,
  term        text not null,
  df          integer not null,
  primary key (window_days, term)
);
