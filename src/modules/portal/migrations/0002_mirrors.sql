-- Open-data mirrors (开放数据镜像): the portal's own copy of an open or conditionally open resource whose rows live
-- in a department's external PostgreSQL database, so the public never reaches that database. The copy itself is a
-- datastore table under a key of its own (data_key), never the resource's id, so the catalog's mount accounting,
-- quality audits and the gateway (which pick the resource's own mount) never see it. A refresh builds the next
-- copy under spare_key and swaps the two keys in one transaction: readers see the old copy or the new one, never
-- a half copy. Resources and orgs belong to other modules and are referenced by id only.

create table portal_mirrors (
  resource_id uuid primary key,
  resource_code text not null,
  resource_name text not null,
  org_id uuid not null,
  region_code char(6) not null,
  -- The state of the last refresh; the copy under data_key (if any) is served whatever this says.
  status text not null check (status in ('pending', 'running', 'ready', 'failed', 'too_large')),
  data_key uuid,
  spare_key uuid not null,
  -- Rows in the served copy, and when its source was read.
  row_count bigint,
  refreshed_at timestamptz,
  -- Rows counted at the source by the last attempt; rows copied so far while one runs; rows left out because a
  -- value does not fit the declared type.
  source_row_count bigint,
  rows_copied bigint not null default 0,
  rows_skipped bigint not null default 0,
  -- SM3 digest of the source rows as read (small sources only), the same digest registration evidence uses.
  source_digest text,
  started_at timestamptz,
  finished_at timestamptz,
  duration_ms integer,
  -- Why the last attempt failed, in Chinese, without connection strings or server messages.
  error text,
  requested_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index portal_mirrors_org on portal_mirrors (org_id);
create index portal_mirrors_region on portal_mirrors (region_code);
