-- Sandbox scopes (可用不可见): who may run aggregate queries over which catalog resources, within which
-- differential-privacy budget. The owner of a scope (an operation project or an open-data application) lives in
-- another module and is referenced by kind + id only.
create table sandbox_scopes (
  id uuid primary key,
  kind text not null check (kind in ('operation_project', 'open_application')),
  ref_id uuid not null,
  label text not null,
  resource_ids uuid[] not null check (cardinality(resource_ids) > 0),
  -- Orgs whose console users may query the scope (operators of a project); developers reach it only through
  -- the portal module, which checks the applicant itself.
  member_org_ids uuid[] not null default '{}',
  -- Null: the deployment's default budget (SANDBOX_EPSILON_BUDGET) applies.
  epsilon_budget numeric(12, 4) check (epsilon_budget is null or epsilon_budget >= 0),
  epsilon_spent numeric(12, 4) not null default 0,
  requires_approval boolean not null default false,
  approver_org_id uuid,
  expires_at timestamptz,
  status text not null default 'active' check (status in ('active', 'closed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index sandbox_scopes_ref on sandbox_scopes (kind, ref_id);

-- Every query, run or refused: the text as submitted, who, what it cost and what came back (aggregates only).
create table sandbox_queries (
  id uuid primary key,
  scope_id uuid not null references sandbox_scopes (id),
  actor_kind text not null check (actor_kind in ('user', 'developer')),
  actor_id text not null,
  actor_name text not null,
  sql_text text not null,
  -- Canonical form of the parsed query without its filters, and the filters themselves: exact queries over the
  -- same shape whose filters nest are differencing attacks.
  shape text,
  filters text[] not null default '{}',
  epsilon numeric(12, 4),
  status text not null check (status in ('done', 'refused', 'pending', 'rejected')),
  error_code text,
  row_count integer,
  suppressed_groups integer,
  -- Aggregates of an approved query, kept for its requester to read (never raw rows).
  result jsonb,
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz not null default now()
);
create index sandbox_queries_scope on sandbox_queries (scope_id, created_at desc);
