-- Rectification tickets (反馈整改 / 校核纠错): opened by an audit rule failing beyond its threshold or by a
-- consumer reporting an error on a resource or record; answered by the provider org within working days;
-- escalated to the bureau when overdue.

create table rectification_tickets (
  id uuid primary key,
  resource_id uuid not null,
  resource_name text not null,
  provider_org_id uuid not null,
  provider_region_code char(6) not null,
  source text not null check (source in ('audit', 'report')),
  rule_id uuid,
  run_id uuid,
  reporter_org_id uuid,
  reporter_region_code char(6),
  record_key text,
  field_code text,
  description text not null,
  status text not null default 'open' check (status in ('open', 'rechecking', 'disputed', 'closed')),
  resolution text check (resolution in ('fixed', 'explained', 'dismissed')),
  due_date date not null,
  answer text,
  answered_at timestamptz,
  escalated_at timestamptz,
  reopen_count integer not null default 0,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz
);
create index rectification_provider on rectification_tickets (provider_org_id, created_at desc);
create index rectification_reporter on rectification_tickets (reporter_org_id, created_at desc);
create index rectification_region on rectification_tickets (provider_region_code, created_at desc);
create index rectification_due on rectification_tickets (due_date) where status = 'open';
-- One open audit ticket per rule: a rule failing again adds to the existing ticket instead of a new one.
create unique index rectification_rule_open on rectification_tickets (rule_id)
  where source = 'audit' and status <> 'closed';

create table rectification_events (
  id uuid primary key,
  ticket_id uuid not null references rectification_tickets (id),
  at timestamptz not null default now(),
  action text not null,
  from_status text,
  to_status text not null,
  actor_id uuid,
  actor_name text,
  note text,
  details jsonb not null default '{}'
);
create index rectification_events_ticket on rectification_events (ticket_id, at);
