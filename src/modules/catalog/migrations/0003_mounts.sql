-- Mounting (挂接): where a resource's real data lives. A platform datastore table (loaded from a file), a table
-- in an external PostgreSQL, or an external HTTP API. Connection strings are kept only SM4-sealed
-- (secret_sealed, context 'mount:<resource id>'); config never holds a secret and is what the API shows.

create table resource_mounts (
  resource_id uuid primary key references resources (id) on delete cascade,
  kind text not null check (kind in ('datastore', 'postgres', 'http')),
  config jsonb not null default '{}',
  secret_sealed text,
  status text not null default 'mounted' check (status in ('mounted', 'error')),
  row_count bigint,
  last_loaded_at timestamptz,
  error text,
  mounted_by uuid,
  updated_at timestamptz not null default now()
);
comment on table resource_mounts is 'One mount per resource; the datastore module owns the hosted data tables themselves.';
