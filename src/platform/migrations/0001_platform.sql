-- Platform kernel tables: audit trail, jobs, working-day calendar.

create table audit_events (
  seq bigint primary key,
  id uuid not null unique,
  occurred_at timestamptz not null,
  actor_type text not null check (actor_type in ('user', 'app', 'system', 'anonymous')),
  actor_id uuid,
  actor_name text,
  org_id uuid,
  region_code text,
  action text not null,
  target_type text,
  target_id text,
  purpose text,
  request_id text,
  ip text,
  outcome text not null default 'success',
  details jsonb not null default '{}',
  prev_hash text not null,
  hash text not null
);
comment on table audit_events is 'Append-only, SM3 hash-chained audit trail: hash = SM3(prev_hash || canonical event). Never updated or deleted.';
create index audit_events_org_seq on audit_events (org_id, seq);
create index audit_events_region_seq on audit_events (region_code, seq);
create index audit_events_action on audit_events (action, seq);
create index audit_events_target on audit_events (target_type, target_id);

-- The last link, so that removing the newest rows is detected too.
create table audit_chain_head (
  id smallint primary key check (id = 1),
  seq bigint not null,
  hash text not null
);
insert into audit_chain_head (id, seq, hash) values (1, 0, repeat('0', 64));

create function audit_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_events is append-only';
end;
$$;
create trigger audit_events_append_only before update or delete on audit_events
  for each row execute function audit_events_append_only();

create table jobs (
  id uuid primary key,
  queue text not null,
  payload jsonb not null default '{}',
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  locked_by text,
  locked_until timestamptz,
  last_error text,
  dedupe_key text unique,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_due on jobs (run_at) where status = 'queued';
create index jobs_running on jobs (locked_until) where status = 'running';

create table job_schedules (
  name text primary key,
  queue text not null,
  cron text not null,
  payload jsonb not null default '{}',
  next_run_at timestamptz not null,
  last_run_at timestamptz,
  updated_at timestamptz not null default now()
);

create table calendar_days (
  day date primary key,
  kind text not null check (kind in ('holiday', 'workday')),
  name text not null
);
comment on table calendar_days is 'Official exceptions only: holidays on weekdays/weekends and adjusted working days (调休). Other days follow Mon–Fri.';

create table calendar_years (
  year integer primary key,
  source text not null,
  loaded_at timestamptz not null default now(),
  loaded_by uuid
);
