-- Datastore: the platform-hosted copies of mounted resources' data. One physical table per resource lives in the
-- `datastore` schema as r_<resource id without dashes>, with typed columns named by the resource's field codes.
-- A load fills a staging table s_<resource>_<load> and swaps it in at the end, so a failed load leaves the old
-- data intact. Resources live in the catalog module and are referenced by id only (no cross-module keys).

create schema if not exists datastore;

create table datastore_loads (
  id uuid primary key,
  resource_id uuid not null,
  format text not null check (format in ('csv', 'xlsx', 'jsonl')),
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
  rows_read bigint not null default 0,
  rows_loaded bigint not null default 0,
  rows_rejected bigint not null default 0,
  error text,
  problems jsonb not null default '[]',
  started_by uuid,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index datastore_loads_resource on datastore_loads (resource_id, started_at desc);
comment on table datastore_loads is 'One row per file load; progress counters are updated while the load runs.';
