-- Catalog checks (目录质检): one row per run (on demand for a region or an org, or the nightly province-wide run),
-- the current findings per resource and the current score per org. A run replaces the findings and scores inside
-- its own scope, so the tables always hold the latest run's view of every resource; the runs table keeps history.

create table catalog_check_runs (
  id uuid primary key,
  trigger text not null check (trigger in ('manual', 'nightly')),
  -- Scope of the run: a region subtree prefix ('' = whole deployment) and optionally one org.
  region_prefix text not null default '',
  org_id uuid,
  requested_by uuid,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  resource_count integer not null default 0,
  issue_count integer not null default 0
);
create index catalog_check_runs_started on catalog_check_runs (started_at desc);

create table catalog_check_results (
  id uuid primary key,
  run_id uuid not null references catalog_check_runs (id) on delete cascade,
  resource_id uuid not null,
  org_id uuid not null,
  region_code char(6) not null,
  check_code text not null,
  severity text not null check (severity in ('error', 'warning', 'info')),
  message_zh text not null,
  checked_at timestamptz not null default now()
);
create index catalog_check_results_org on catalog_check_results (org_id, check_code);
create index catalog_check_results_region on catalog_check_results (region_code, check_code);
create index catalog_check_results_resource on catalog_check_results (resource_id);

create table catalog_check_scores (
  org_id uuid primary key,
  region_code char(6) not null,
  run_id uuid not null references catalog_check_runs (id) on delete cascade,
  resource_count integer not null,
  error_count integer not null,
  warning_count integer not null,
  info_count integer not null,
  score numeric(5, 1) not null,
  computed_at timestamptz not null default now()
);
create index catalog_check_scores_region on catalog_check_scores (region_code);
comment on table catalog_check_scores is 'Per org: average over its checked resources of max(0, 100 − 25·errors − 10·warnings − 2·infos).';
