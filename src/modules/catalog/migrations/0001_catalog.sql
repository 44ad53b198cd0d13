-- Catalog: public data resources with the national core metadata (政务信息资源目录编制指南), their fields (信息项),
-- immutable published versions and the never-reused code counters. Provider orgs live in the identity module
-- and are referenced by id only (no cross-module foreign keys).

create table catalog_code_counters (
  class_code text primary key,
  last_seq bigint not null
);
comment on table catalog_code_counters is 'Highest 顺序码 ever issued or imported per 分类码; only grows, so codes are never reused.';

create table resources (
  id uuid primary key,
  org_id uuid not null,
  region_code char(6) not null,
  code text not null unique,
  name text not null,
  summary text not null default '',
  category text not null check (category in ('base', 'theme', 'department')),
  class_code text not null check (class_code ~ '^[1-3][0-9]{5}[0-9]*$'),
  class_name text not null default '',
  format text not null check (format in ('file', 'spreadsheet', 'database', 'image', 'stream', 'self_describing', 'api')),
  share_type text not null check (share_type in ('unconditional', 'conditional', 'none')),
  share_condition text,
  share_method text,
  open_type text not null check (open_type in ('open', 'conditional', 'closed')),
  open_condition text,
  operable boolean not null default false,
  update_frequency text not null check (update_frequency in ('realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'irregular')),
  publish_date date,
  related_codes text[] not null default '{}',
  source_org_id uuid,
  status text not null default 'draft' check (status in ('draft', 'submitted', 'returned', 'published', 'retired')),
  return_reason text,
  version integer not null default 0,
  mount_status text not null default 'unmounted' check (mount_status in ('unmounted', 'mounted', 'error')),
  last_data_update_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  published_at timestamptz,
  constraint share_condition_required check (share_type = 'unconditional' or coalesce(share_condition, '') <> ''),
  constraint open_condition_required check (open_type <> 'conditional' or coalesce(open_condition, '') <> '')
);
create index resources_org on resources (org_id, status);
create index resources_region on resources (region_code, status);
create index resources_status on resources (status, updated_at);
create unique index resources_org_name on resources (org_id, name) where status <> 'retired';

create table resource_fields (
  id uuid primary key,
  resource_id uuid not null references resources (id) on delete cascade,
  position integer not null,
  name text not null,
  code text not null,
  data_type text not null check (data_type in ('string', 'integer', 'decimal', 'date', 'datetime', 'boolean', 'binary')),
  length integer check (length is null or length > 0),
  description text not null default '',
  is_key boolean not null default false,
  grade text check (grade is null or grade in ('core', 'important', 'general_4', 'general_3', 'general_2', 'general_1')),
  element_code text,
  authoritative boolean not null default false,
  unique (resource_id, code)
);
create index resource_fields_resource on resource_fields (resource_id, position);
create index resource_fields_element on resource_fields (element_code) where element_code is not null;

create table resource_versions (
  resource_id uuid not null references resources (id),
  version integer not null,
  snapshot jsonb not null,
  published_by uuid,
  published_at timestamptz not null default now(),
  primary key (resource_id, version)
);
comment on table resource_versions is 'Immutable snapshot of a resource and its fields at each publish.';

create function resource_versions_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'resource_versions is immutable';
end;
$$;
create trigger resource_versions_immutable before update or delete on resource_versions
  for each row execute function resource_versions_immutable();
