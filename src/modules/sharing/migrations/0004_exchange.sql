-- Batch exchange (库表交换): jobs that deliver a granted resource to a consumer's PostgreSQL table or to gzip files,
-- their runs with progress and checkpoints, and the files a file run produced. Grants live in this module; orgs,
-- users and resources are referenced by id only. Connection strings are kept only SM4-sealed
-- (target_url_sealed, context 'exchange:<job id>'); the API shows host, port, database, schema and table.

create table exchange_jobs (
  id uuid primary key,
  name text not null check (char_length(name) between 1 and 100),
  grant_id uuid not null references grants (id),
  resource_id uuid not null,
  resource_code text not null,
  consumer_org_id uuid not null,
  consumer_region_code char(6) not null,
  provider_org_id uuid not null,
  provider_region_code char(6) not null,
  target_kind text not null check (target_kind in ('postgres', 'file')),
  target_url_sealed text,
  target_host text,
  target_port integer,
  target_database text,
  target_schema text,
  target_table text,
  file_format text check (file_format in ('csv', 'jsonl')),
  fields text[] not null check (cardinality(fields) > 0),
  mode text not null check (mode in ('full', 'incremental')),
  watermark_field text,
  -- The last watermark value delivered (text of the source column); the next incremental run starts above it.
  last_watermark text,
  -- Narrowing of the grant's row scope (回流 / 直达基层): only rows whose region_field lies in region_code.
  region_field text,
  region_code char(6),
  schedule text not null check (schedule in ('manual', 'hourly', 'daily', 'cron')),
  cron text,
  next_run_at timestamptz,
  chunk_size integer not null default 10000 check (chunk_size between 100 and 100000),
  enabled boolean not null default true,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  constraint exchange_target check (
    (target_kind = 'postgres' and target_url_sealed is not null and target_table is not null)
    or (target_kind = 'file' and file_format is not null)
  ),
  constraint exchange_watermark check (mode = 'full' or watermark_field is not null),
  constraint exchange_cron check (schedule <> 'manual' or next_run_at is null)
);
create index exchange_jobs_consumer on exchange_jobs (consumer_org_id, created_at desc) where deleted_at is null;
create index exchange_jobs_provider on exchange_jobs (provider_org_id, created_at desc) where deleted_at is null;
create index exchange_jobs_due on exchange_jobs (next_run_at) where deleted_at is null and enabled;
create index exchange_jobs_grant on exchange_jobs (grant_id);

create table exchange_runs (
  id uuid primary key,
  job_id uuid not null references exchange_jobs (id),
  trigger text not null check (trigger in ('manual', 'schedule', 'cli')),
  status text not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  -- What this run delivers, fixed when it first starts so a resumed run reads exactly the same rows:
  -- columns, sort key, masks, row scope and watermark window (see exchange/plan.ts).
  plan jsonb,
  watermark_from text,
  watermark_to text,
  rows_total bigint,
  rows_done bigint not null default 0,
  chunks_done integer not null default 0,
  -- Keyset position after the last committed chunk (text values of the sort key), mirrored from the target.
  last_key jsonb,
  -- For the rate: rows_done and the time when the current process took the run over.
  resumed_at timestamptz,
  rows_at_resume bigint not null default 0,
  locked_by text,
  locked_until timestamptz,
  error_code text,
  error text,
  created_by uuid,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index exchange_runs_job on exchange_runs (job_id, created_at desc);
-- At most one unfinished run per job: a second trigger resumes it instead of starting another.
create unique index exchange_runs_one_open on exchange_runs (job_id) where status in ('queued', 'running');

create table exchange_run_files (
  run_id uuid not null references exchange_runs (id),
  seq integer not null check (seq > 0),
  name text not null,
  rows integer not null,
  bytes bigint not null,
  sm3 char(64) not null,
  created_at timestamptz not null default now(),
  primary key (run_id, seq)
);
comment on table exchange_run_files is 'A file is listed only after it was renamed into place; its row is the checkpoint of a file run.';
