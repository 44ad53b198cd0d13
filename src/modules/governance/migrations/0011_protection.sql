-- Governance, protection part: classification and grading (分类分级), the grade policy, sensitive-data
-- discovery (敏感数据识别), risk alerts over the sharing access log (监测预警) and their notifications.

-- What each grade implies by default; one row per grade, edited by a province-level bureau admin.
create table grade_policies (
  grade text primary key check (grade in ('core', 'important', 'general_4', 'general_3', 'general_2', 'general_1')),
  share_types text[] not null,
  open_types text[] not null,
  masking text not null check (masking in ('redact', 'hash', 'mask', 'mask_unless_reviewed', 'clear')),
  -- Who decides share requests for data of this grade: provider, bureau (both in order), or nobody.
  approvers text[] not null,
  updated_by uuid,
  updated_at timestamptz not null default now()
);
comment on table grade_policies is 'Defaults driven by a grade: allowed share and open types, masking mode, approvers.';
insert into grade_policies (grade, share_types, open_types, masking, approvers) values
  ('core', '{none}', '{closed}', 'redact', '{}'),
  ('important', '{conditional,none}', '{closed}', 'mask', '{provider,bureau}'),
  ('general_4', '{conditional,none}', '{closed}', 'mask_unless_reviewed', '{provider}'),
  ('general_3', '{unconditional,conditional,none}', '{conditional,closed}', 'mask_unless_reviewed', '{provider}'),
  ('general_2', '{unconditional,conditional,none}', '{open,conditional,closed}', 'mask_unless_reviewed', '{provider}'),
  ('general_1', '{unconditional,conditional,none}', '{open,conditional,closed}', 'mask_unless_reviewed', '{provider}');

-- The grading decision of a resource (field_code = '') or of one of its fields: category path, grade, the impact
-- object and degree that justify it (GB/T 43697 matrix), the basis, reviewer and date.
create table gradings (
  resource_id uuid not null,
  field_code text not null default '',
  -- Name and code of the resource as graded, for lists (the catalog stays the source of truth).
  resource_code text not null default '',
  resource_name text not null default '',
  org_id uuid not null,
  region_code char(6) not null,
  category_path text not null default '',
  grade text not null check (grade in ('core', 'important', 'general_4', 'general_3', 'general_2', 'general_1')),
  impact_object text not null,
  impact_degree text not null,
  basis text not null default '',
  sensitive_pi boolean not null default false,
  pi_categories text[] not null default '{}',
  -- Inputs of an aggregated or derived resource: it takes their highest grade unless reviewed (就高从严).
  derived_from uuid[] not null default '{}',
  reviewed boolean not null default false,
  graded_by uuid,
  reviewer_id uuid,
  reviewer_name text,
  reviewed_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (resource_id, field_code)
);
create index gradings_org on gradings (org_id);
create index gradings_region on gradings (region_code);
create index gradings_derived on gradings using gin (derived_from);

-- Sensitive types a steward confirmed per field (sensitive_type null = confirmed "none"); masking reads these.
create table field_sensitivity (
  resource_id uuid not null,
  field_code text not null,
  sensitive_type text,
  confidence real not null default 1,
  confirmed_by uuid,
  confirmed_at timestamptz not null default now(),
  primary key (resource_id, field_code)
);

-- Each discovery run keeps its proposals until a steward confirms them.
create table discovery_runs (
  id uuid primary key,
  resource_id uuid not null,
  org_id uuid not null,
  region_code char(6) not null,
  sampled_rows integer not null,
  proposals jsonb not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  confirmed_by uuid
);
create index discovery_runs_resource on discovery_runs (resource_id, created_at desc);

-- Alerts raised by the rules over the gateway access log. The fingerprint (rule, subject, window) makes a
-- re-evaluation of the same window raise nothing new.
create table risk_alerts (
  id uuid primary key,
  rule text not null check (rule in ('volume_spike', 'off_hours_bulk', 'enumeration', 'denied_burst', 'after_revocation')),
  severity text not null check (severity in ('low', 'medium', 'high', 'critical')),
  status text not null default 'open' check (status in ('open', 'acknowledged', 'resolved', 'dismissed')),
  fingerprint text not null unique,
  app_id uuid,
  grant_id uuid,
  resource_id uuid,
  consumer_org_id uuid,
  consumer_region_code char(6),
  provider_org_id uuid,
  provider_region_code char(6),
  window_start timestamptz not null,
  window_end timestamptz not null,
  summary text not null,
  details jsonb not null default '{}',
  actions text[] not null default '{}',
  handled_by uuid,
  handled_at timestamptz,
  note text,
  created_at timestamptz not null default now()
);
create index risk_alerts_status on risk_alerts (status, created_at desc);
create index risk_alerts_consumer on risk_alerts (consumer_org_id, created_at desc);
create index risk_alerts_provider on risk_alerts (provider_org_id, created_at desc);

-- The platform has no notification service yet: alert notices for org admins are kept here as an inbox.
create table governance_notifications (
  id uuid primary key,
  org_id uuid not null,
  alert_id uuid,
  title text not null,
  body text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  read_by uuid
);
create index governance_notifications_org on governance_notifications (org_id, created_at desc);

-- Where the periodic alert evaluation got to, so each window is evaluated once across replicas.
create table risk_watermarks (
  id smallint primary key check (id = 1),
  evaluated_to timestamptz not null
);
