-- How many indexed documents carried each known word, counted by the indexer as it writes (a re-indexed
-- resource counts again, so this is a popularity hint, not an exact document frequency). Typo correction ranks
-- its candidates by it instead of counting matching documents at query time. Rows from before this migration
-- keep 0 and are counted at query time as before.
alter table resource_search_terms add column occurrences integer not null default 0;
