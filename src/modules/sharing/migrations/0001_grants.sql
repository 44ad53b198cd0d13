-- Grants (共享授权): what one API app of a consumer org may read of one catalog resource, for which purpose,
-- until when, which rows, how often. Created when a share request is approved (or at once for unconditional
-- resources). Orgs, apps and resources live in other modules and are referenced by id only.

create table grants (
  id uuid primary key,
  request_id uuid,
  app_id uuid not null,
  consumer_org_id uuid not null,
  consumer_region_code char(6) not null,
  resource_id uuid not null,
  resource_code text not null,
  provider_org_id uuid not null,
  provider_region_code char(6) not null,
  fields text[] not null check (cardinality(fields) > 0),
  purpose text not null,
  scenario text,
  delivery_mode text not null check (delivery_mode in ('api', 'batch', 'file')),
  valid_from timestamptz not null default now(),
  valid_until timestamptz not null,
  -- {"field": "<column holding a region code>", "regionCode": "430300"}: only rows inside that region.
  row_scope jsonb,
  quota_per_day integer check (quota_per_day is null or quota_per_day > 0),
  rate_per_second integer check (rate_per_second is null or rate_per_second > 0),
  status text not null default 'active' check (status in ('active', 'suspended', 'revoked')),
  status_reason text,
  status_changed_at timestamptz,
  status_changed_by uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint grant_period check (valid_until > valid_from)
);
create index grants_app_resource on grants (app_id, resource_id) where status = 'active';
create index grants_consumer on grants (consumer_org_id, created_at desc);
create index grants_provider on grants (provider_org_id, created_at desc);
create index grants_resource on grants (resource_id);
create index grants_updated on grants (updated_at);
comment on table grants is 'Expiry is valid_until < now(); suspension and revocation are status changes that bump updated_at so caches on every replica notice them.';
