-- The same bigrams as 0036's minhu_search_grams, computed in one pass. 0036 took `substr(t, i, 2)` for every i, and
-- substr on UTF-8 text walks the string from its start each time, so a 400-character description cost O(n²) (1.3 ms
-- an order on the 2-core VM under load: most of a bulk load's time, and part of every registration's). Two
-- non-overlapping scans for any two characters, one from the first character and one from the second, find every
-- adjacent pair once: the same set (an order's array may list it in another order, which `@>` does not see).
create or replace function minhu_search_grams(s text) returns text[] language sql immutable parallel safe as $$
  with t as (select regexp_replace(lower(coalesce(s, '')), '\s+', ' ', 'g') as t)
  select array(select distinct g from (
      select (regexp_matches(t.t, '..', 'g'))[1] as g from t
      union all
      select (regexp_matches(substr(t.t, 2), '..', 'g'))[1] from t
    ) x where strpos(g, ' ') = 0)
$$;
