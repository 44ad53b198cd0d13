-- The data gateway (/gw/v1): one row per call, written in batches off the hot path and chained into the audit
-- trail (one audit event per provider org and flush, whose batch hash covers the rows), per-day usage for
-- charts, per-grant daily quota counters shared by the replicas, and the nonces of signed requests.
-- Apps, orgs, resources and grants are referenced by id only.

create table gateway_calls (
  id uuid primary key,
  called_at timestamptz not null,
  -- Calendar day in Beijing time: usage filters and quota days.
  day date not null,
  auth_method text not null check (auth_method in ('bearer', 'signature', 'none')),
  app_id uuid,
  client_id text,
  consumer_org_id uuid,
  consumer_region_code char(6),
  resource_id uuid,
  resource_code text,
  provider_org_id uuid,
  provider_region_code char(6),
  grant_id uuid,
  purpose text,
  fields text[] not null default '{}',
  filter_fields text[] not null default '{}',
  -- SM3-HMAC (server key, first 128 bits in hex) of every filter value and of the key values of every returned
  -- row: 溯源 finds the calls that asked for or returned a record without an ID number ever being stored in clear.
  key_hashes text[] not null default '{}',
  rows_returned integer not null default 0,
  status smallint not null,
  error_code text,
  latency_ms real not null,
  request_id text,
  audit_event_id uuid
);
-- Rows arrive in time order and are never updated: BRIN indexes on time and audit event (time-ordered ids) cost
-- next to nothing per insert; the B-trees serve the provider's and consumer's views, GIN serves 溯源.
create index gateway_calls_time on gateway_calls using brin (called_at);
create index gateway_calls_audit on gateway_calls using brin (audit_event_id);
create index gateway_calls_provider on gateway_calls (provider_org_id, called_at desc);
create index gateway_calls_consumer on gateway_calls (consumer_org_id, called_at desc);
create index gateway_calls_key_hashes on gateway_calls using gin (key_hashes);

create table gateway_usage_daily (
  day date not null,
  app_id uuid not null,
  resource_id uuid not null,
  status smallint not null,
  resource_code text not null,
  consumer_org_id uuid not null,
  consumer_region_code char(6) not null,
  provider_org_id uuid not null,
  provider_region_code char(6) not null,
  calls bigint not null default 0,
  rows_returned bigint not null default 0,
  latency_ms_total double precision not null default 0,
  primary key (day, app_id, resource_id, status)
);
create index gateway_usage_daily_provider on gateway_usage_daily (provider_org_id, day);
create index gateway_usage_daily_consumer on gateway_usage_daily (consumer_org_id, day);

-- Calls a grant used on a day (Beijing time), summed over all replicas at each log flush.
create table gateway_quota_usage (
  grant_id uuid not null,
  day date not null,
  calls bigint not null default 0,
  primary key (grant_id, day)
);

-- Nonces of signed requests, kept until their timestamp can no longer pass the skew check.
create table gateway_nonces (
  client_id text not null,
  nonce text not null,
  expires_at timestamptz not null,
  primary key (client_id, nonce)
);
create index gateway_nonces_expiry on gateway_nonces (expires_at);
