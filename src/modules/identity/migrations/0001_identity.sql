-- Identity: regions (GB/T 2260), orgs, users, sessions, API apps.

create table regions (
  code char(6) primary key,
  name text not null,
  level smallint not null check (level between 1 and 3),
  parent_code char(6) references regions (code)
);
create index regions_parent on regions (parent_code);
comment on table regions is 'GB/T 2260 administrative divisions: 1 province, 2 prefecture, 3 county.';

create table orgs (
  id uuid primary key,
  name text not null,
  type text not null check (type in ('bureau', 'department', 'operator', 'other')),
  region_code char(6) not null references regions (code),
  parent_id uuid references orgs (id),
  credit_code char(18) unique,
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index orgs_name_region on orgs (region_code, name);
create index orgs_parent on orgs (parent_id);
create index orgs_region on orgs (region_code);

create table users (
  id uuid primary key,
  username text not null,
  display_name text not null,
  org_id uuid not null references orgs (id),
  roles text[] not null,
  scope_region_code char(6) references regions (code),
  password_hash text not null,
  must_change_password boolean not null default false,
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_login_at timestamptz,
  password_changed_at timestamptz
);
create unique index users_username on users (lower(username));
create index users_org on users (org_id);

create table sessions (
  id uuid primary key,
  token_hash text not null unique,
  user_id uuid not null references users (id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);

create table login_failures (
  id uuid primary key,
  username text not null,
  ip text,
  failed_at timestamptz not null default now()
);
create index login_failures_user_time on login_failures (username, failed_at);

create table apps (
  id uuid primary key,
  org_id uuid not null references orgs (id),
  name text not null,
  description text,
  client_id text not null unique,
  secret_hash text not null,
  status text not null default 'active' check (status in ('active', 'disabled')),
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  secret_rotated_at timestamptz
);
create unique index apps_org_name on apps (org_id, name);

create table app_tokens (
  token_hash text primary key,
  app_id uuid not null references apps (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index app_tokens_app on app_tokens (app_id);
create index app_tokens_expiry on app_tokens (expires_at);
