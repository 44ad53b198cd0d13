-- Data quality (数据质量): rules on catalog resources, audit runs with per-rule results, and the cursor of the
-- job that audits resources when new data is loaded. Resources, orgs and regions live in other modules and are
-- referenced by id or code only.

create table quality_rules (
  id uuid primary key,
  resource_id uuid not null,
  org_id uuid not null,
  region_code char(6) not null,
  rule_type text not null,
  dimension text not null
    check (dimension in ('completeness', 'validity', 'uniqueness', 'consistency', 'timeliness')),
  field_codes text[] not null,
  params jsonb not null default '{}',
  -- The share of checked values allowed to fail before a rectification ticket opens (0 = none).
  threshold numeric(6, 5) not null default 0 check (threshold >= 0 and threshold <= 1),
  name text not null,
  enabled boolean not null default true,
  origin text not null default 'manual' check (origin in ('manual', 'suggested')),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index quality_rules_resource on quality_rules (resource_id, created_at);

create table quality_runs (
  id uuid primary key,
  resource_id uuid not null,
  resource_name text not null,
  org_id uuid not null,
  region_code char(6) not null,
  trigger text not null check (trigger in ('manual', 'schedule', 'load', 'recheck')),
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
  row_count bigint,
  -- {"completeness": 98.5, "validity": 91.2, ...}: 0–100 per dimension that has rules.
  scores jsonb not null default '{}',
  score numeric(5, 2),
  error text,
  duration_ms integer,
  started_by uuid,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index quality_runs_resource on quality_runs (resource_id, started_at desc);
create index quality_runs_org on quality_runs (org_id, started_at desc);
create index quality_runs_region on quality_runs (region_code, started_at desc);

create table quality_rule_results (
  id uuid primary key,
  run_id uuid not null references quality_runs (id),
  rule_id uuid not null,
  rule_type text not null,
  dimension text not null,
  field_codes text[] not null,
  name text not null,
  threshold numeric(6, 5) not null,
  evaluated boolean not null,
  checked bigint not null default 0,
  failed bigint not null default 0,
  breached boolean not null default false,
  note text,
  -- Masked sample failing rows: [{"field": "masked value", ...}].
  samples jsonb not null default '[]'
);
create index quality_rule_results_run on quality_rule_results (run_id);
create index quality_rule_results_rule on quality_rule_results (rule_id);

create table quality_cursors (
  name text primary key,
  seen_at timestamptz not null
);
comment on table quality_cursors is 'How far the load-trigger job has seen catalog data arrivals (resources.last_data_update_at).';
