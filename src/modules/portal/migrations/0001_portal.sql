-- The open-data portal (公共数据开放平台): portal developers and their sessions and API keys, daily call counters,
-- per-resource usage statistics, open requests for conditionally open data (开放申请) and public data demands
-- (数据需求). Resources and orgs belong to other modules and are referenced by id only; names shown in lists are
-- copied when the row is written.

create table portal_developers (
  id uuid primary key,
  -- Exactly one sign-in name: an e-mail address or a mainland mobile number, stored lower-cased.
  email text unique,
  phone text unique,
  password_hash text not null,
  display_name text not null,
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null default now(),
  check ((email is null) <> (phone is null))
);

create table portal_developer_sessions (
  id uuid primary key,
  developer_id uuid not null references portal_developers (id),
  -- SM3 of the bearer token; the token itself is shown once at login.
  token_hash text not null unique,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index portal_developer_sessions_developer on portal_developer_sessions (developer_id);

create table portal_api_keys (
  id uuid primary key,
  developer_id uuid not null references portal_developers (id),
  name text not null,
  -- The first characters of the key, to tell keys apart in lists.
  key_prefix text not null,
  -- Keyed SM3-HMAC of the key (the server secret is the pepper).
  key_hash text not null unique,
  status text not null default 'active' check (status in ('active', 'revoked')),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
create index portal_api_keys_developer on portal_api_keys (developer_id);

-- Open-API calls per key and Beijing-time day: the daily quota counts here.
create table portal_api_usage (
  key_id uuid not null references portal_api_keys (id),
  day date not null,
  calls integer not null default 0,
  refused integer not null default 0,
  primary key (key_id, day)
);

-- Usage of each open resource per Beijing-time day.
create table portal_resource_stats (
  resource_id uuid not null,
  day date not null,
  views integer not null default 0,
  downloads integer not null default 0,
  api_calls integer not null default 0,
  primary key (resource_id, day)
);

create table portal_open_requests (
  id uuid primary key,
  developer_id uuid not null references portal_developers (id),
  developer_name text not null,
  resource_id uuid not null,
  resource_code text not null,
  resource_name text not null,
  provider_org_id uuid not null,
  provider_region_code char(6) not null,
  purpose text not null,
  scenario text not null,
  delivery text not null check (delivery in ('sandbox', 'download')),
  status text not null check (
    status in ('pending', 'approved', 'rejected', 'withdrawn', 'active', 'completed')
  ),
  created_on date not null,
  -- Last working day on which the provider may still reply.
  reply_due date not null,
  escalated_at timestamptz,
  decided_at timestamptz,
  decided_on date,
  decided_by uuid,
  decided_by_bureau boolean not null default false,
  decided_on_time boolean,
  decision_reason text,
  -- The agreement the provider offers on approval and the applicant accepts.
  agreement_terms text,
  agreement_until date,
  agreement_accepted_at timestamptz,
  sandbox_scope_id uuid,
  outcome_report text,
  outcome_reported_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index portal_open_requests_provider on portal_open_requests (provider_org_id, status);
create index portal_open_requests_developer on portal_open_requests (developer_id, created_at desc);
create index portal_open_requests_due on portal_open_requests (reply_due) where status = 'pending';
-- One open request per developer and resource at a time.
create unique index portal_open_requests_open on portal_open_requests (developer_id, resource_id)
  where status in ('pending', 'approved', 'active');

create table portal_open_request_history (
  id uuid primary key,
  request_id uuid not null references portal_open_requests (id),
  action text not null,
  from_status text,
  to_status text not null,
  actor_name text not null,
  reason text,
  at timestamptz not null default now()
);
create index portal_open_request_history_request on portal_open_request_history (request_id, at);

create table portal_data_demands (
  id uuid primary key,
  title text not null,
  description text not null,
  category text,
  -- The org that answers: the one the asker named, else the province bureau.
  org_id uuid not null,
  org_name text not null,
  region_code char(6) not null,
  -- Who asked, as shown publicly (a nickname); contact details are kept only as a keyed hash.
  asker_name text not null,
  contact_hash text,
  -- Keyed hash of the asker's IP, for the submission rate limit.
  ip_hash text not null,
  status text not null check (status in ('pending', 'replied')),
  created_on date not null,
  reply_due date not null,
  overdue_at timestamptz,
  reply text,
  replied_at timestamptz,
  replied_on date,
  replied_by uuid,
  replied_on_time boolean,
  created_at timestamptz not null default now()
);
create index portal_data_demands_org on portal_data_demands (org_id, status);
create index portal_data_demands_created on portal_data_demands (created_at desc);
create index portal_data_demands_ip on portal_data_demands (ip_hash, created_at);

-- Failed developer sign-ins per account (keyed hash), for the sign-in rate limit.
create table portal_login_failures (
  id uuid primary key,
  account_hash text not null,
  at timestamptz not null default now()
);
create index portal_login_failures_account on portal_login_failures (account_hash, at);
