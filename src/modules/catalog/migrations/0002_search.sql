-- Catalog search: one row per resource with its full-text document, built by the application (jieba word
-- segmentation runs in Node, not in the database), and a mirror of the columns that search filters, ranks and
-- facets on, so that a search reads this table alone and joins resources only for the page it returns.
-- Triggers keep the mirror exact and mark the document stale; the application rebuilds stale documents
-- (search/indexer.ts), so every writer (forms, Excel import, direct SQL) is covered without calling the indexer.
-- No pg_trgm: its trigrams ignore CJK characters when the database's LC_CTYPE is C, so it cannot be relied on;
-- typos are corrected against resource_search_terms instead.

create table resource_search (
  resource_id uuid primary key references resources (id) on delete cascade,
  document tsvector not null default ''::tsvector,
  stale boolean not null default true,
  generation bigint not null default 0,
  indexed_at timestamptz,
  -- Mirror of resources (same names, so the listing's filters apply unchanged):
  org_id uuid not null,
  region_code char(6) not null,
  status text not null,
  category text not null,
  share_type text not null,
  open_type text not null,
  operable boolean not null,
  update_frequency text not null,
  name text not null,
  code text not null,
  updated_at timestamptz not null
) with (toast_tuple_target = 128);
-- toast_tuple_target keeps the document out of line: a search scans its hits' narrow mirror rows (~50 per page)
-- and reads a document only to rank the best candidates; the GIN index alone decides what matches.
comment on table resource_search is 'Search document of a resource (name A, org and field names B, summary and codes C; words and Han bigrams) and a trigger-maintained mirror of its filter columns.';
create index resource_search_document on resource_search using gin (document);
create index resource_search_stale on resource_search (resource_id) where stale;

create table resource_search_terms (
  term text collate "C" primary key,
  reversed text collate "C" not null
);
comment on table resource_search_terms is 'Words seen in names, org names and field names; typo correction looks up one-character substitutions here.';
create index resource_search_terms_reversed on resource_search_terms (reversed);

create function resource_search_insert() returns trigger language plpgsql as $$
begin
  insert into resource_search (resource_id, org_id, region_code, status, category, share_type, open_type, operable,
    update_frequency, name, code, updated_at)
  select id, org_id, region_code, status, category, share_type, open_type, operable, update_frequency, name, code,
    updated_at
  from changed_rows
  on conflict (resource_id) do nothing;
  return null;
end;
$$;

create function resource_search_update() returns trigger language plpgsql as $$
declare
  text_changed boolean := (old.name, old.summary, old.code, old.class_name, old.related_codes, old.org_id)
    is distinct from (new.name, new.summary, new.code, new.class_name, new.related_codes, new.org_id);
begin
  update resource_search set
    org_id = new.org_id, region_code = new.region_code, status = new.status, category = new.category,
    share_type = new.share_type, open_type = new.open_type, operable = new.operable,
    update_frequency = new.update_frequency, name = new.name, code = new.code, updated_at = new.updated_at,
    stale = stale or text_changed,
    generation = generation + case when text_changed then 1 else 0 end
  where resource_id = new.id;
  return null;
end;
$$;

create function resource_search_fields_changed() returns trigger language plpgsql as $$
begin
  update resource_search set stale = true, generation = generation + 1
  where resource_id in (select distinct resource_id from changed_rows);
  return null;
end;
$$;

create trigger resource_search_insert after insert on resources
  referencing new table as changed_rows for each statement execute function resource_search_insert();
create trigger resource_search_update after update on resources for each row
  when ((old.org_id, old.region_code, old.status, old.category, old.share_type, old.open_type, old.operable,
    old.update_frequency, old.name, old.code, old.updated_at, old.summary, old.class_name, old.related_codes)
    is distinct from (new.org_id, new.region_code, new.status, new.category, new.share_type, new.open_type,
    new.operable, new.update_frequency, new.name, new.code, new.updated_at, new.summary, new.class_name,
    new.related_codes))
  execute function resource_search_update();
create trigger resource_search_fields_insert after insert on resource_fields
  referencing new table as changed_rows for each statement execute function resource_search_fields_changed();
create trigger resource_search_fields_update after update on resource_fields
  referencing new table as changed_rows for each statement execute function resource_search_fields_changed();
create trigger resource_search_fields_delete after delete on resource_fields
  referencing old table as changed_rows for each statement execute function resource_search_fields_changed();

insert into resource_search (resource_id, org_id, region_code, status, category, share_type, open_type, operable,
  update_frequency, name, code, updated_at)
select id, org_id, region_code, status, category, share_type, open_type, operable, update_frequency, name, code,
  updated_at
from resources;
