-- Broad queries (thousands of hits) are answered without reading every hit: ordered pages walk these indexes
-- and stop early, and relevance candidates come from exact and prefix name matches (see search/broad.ts).
create index resource_search_updated on resource_search (updated_at desc, resource_id);
create index resource_search_name on resource_search (name text_pattern_ops);
create index resource_search_name_order on resource_search (name, resource_id);
create index resource_search_code on resource_search (code, resource_id);
