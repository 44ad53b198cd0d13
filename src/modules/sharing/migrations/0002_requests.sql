-- Share requests (共享申请), their history, and the registry of legacy point-to-point channels (点对点通道).
-- Orgs, apps and resources belong to other modules and are referenced by id only; names shown in lists are
-- copied at request time (what the consumer asked for stays readable even if the catalog entry is renamed).

create table share_requests (
  id uuid primary key,
  consumer_org_id uuid not null,
  consumer_region_code char(6) not null,
  app_id uuid not null,
  app_name text not null,
  resource_id uuid not null,
  resource_code text not null,
  resource_name text not null,
  provider_org_id uuid not null,
  provider_region_code char(6) not null,
  share_type text not null check (share_type in ('unconditional', 'conditional')),
  fields text[] not null check (cardinality(fields) > 0),
  purpose text not null,
  scenario text not null,
  legal_basis text not null,
  delivery_mode text not null check (delivery_mode in ('api', 'batch', 'file')),
  period_start date not null,
  period_end date not null,
  -- {"field": "<field code holding a region code>", "regionCode": "430300"}
  row_scope jsonb,
  status text not null check (status in ('pending', 'approved', 'rejected', 'withdrawn', 'disputed')),
  -- Beijing-time calendar day the request was made; deadlines and monthly statistics count from it.
  created_on date not null,
  -- Last working day on which the provider may still reply (conditional requests only).
  reply_due date,
  -- Last working day for delivery once approved.
  delivery_due date,
  decided_at timestamptz,
  decided_on date,
  decided_by uuid,
  decision_reason text,
  -- Working days from the request to the provider's decision, and whether it came by reply_due.
  decision_working_days integer,
  decided_on_time boolean,
  approved_fields text[],
  approved_period_end date,
  quota_per_day integer check (quota_per_day is null or quota_per_day > 0),
  rate_per_second integer check (rate_per_second is null or rate_per_second > 0),
  dispute_reason text,
  disputed_at timestamptz,
  arbitration_decision text check (arbitration_decision in ('approve', 'reject')),
  arbitration_reason text,
  arbitrated_at timestamptz,
  arbitrated_by uuid,
  escalated_at timestamptz,
  withdrawn_at timestamptz,
  grant_id uuid,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint share_request_period check (period_end >= period_start)
);
create index share_requests_consumer on share_requests (consumer_org_id, created_at desc);
create index share_requests_provider on share_requests (provider_org_id, created_at desc);
create index share_requests_region on share_requests (provider_region_code, created_on);
create index share_requests_due on share_requests (reply_due) where status = 'pending';
-- One open request per app and resource: a second one while the first is undecided is refused.
create unique index share_requests_open on share_requests (app_id, resource_id)
  where status in ('pending', 'disputed');

create table share_request_history (
  id uuid primary key,
  request_id uuid not null references share_requests (id) on delete cascade,
  at timestamptz not null default now(),
  action text not null,
  from_status text,
  to_status text not null,
  actor_id uuid,
  actor_name text,
  reason text,
  details jsonb not null default '{}'
);
create index share_request_history_request on share_request_history (request_id, at, id);

create table share_channels (
  id uuid primary key,
  name text not null,
  provider_org_id uuid not null,
  provider_region_code char(6) not null,
  consumer_org_id uuid not null,
  consumer_region_code char(6) not null,
  description text not null default '',
  protocol text not null check (protocol in ('api', 'database', 'ftp', 'file', 'mq', 'other')),
  status text not null default 'active' check (status in ('active', 'retired')),
  -- The hub grant that replaces this link; set ⇔ retired.
  grant_id uuid references grants (id),
  retired_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint share_channel_retired check ((grant_id is null) = (status = 'active')),
  constraint share_channel_orgs check (provider_org_id <> consumer_org_id)
);
create unique index share_channels_name on share_channels (provider_org_id, consumer_org_id, name);
create index share_channels_region on share_channels (provider_region_code);
create index share_channels_consumer on share_channels (consumer_org_id);
