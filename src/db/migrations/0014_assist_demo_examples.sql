-- Demo installations ship a generated labelled history (src/modules/org/demo-history.ts) so that the
-- category model's first suggestions are right; those rows say so: source 'demo'.
alter table assist_examples drop constraint assist_examples_source_check;
alter table assist_examples add constraint assist_examples_source_check check (source in ('dispatch', 'import', 'demo'));
