-- Authorized operation (授权运营): projects and their resources, providers' consents, mandates with their
-- agreements, products with inputs and guided prices, orders, metered usage, invoices, revenue shares, yearly
-- maximum allowed revenue and its deviation check. Orgs, resources, grants and apps live in other modules and
-- are referenced by id only. Money is integer fen (分); rates are basis points (1 bp = 0.01 %).

create table operation_projects (
  id uuid primary key,
  code text not null unique,
  name text not null,
  authorizer_org_id uuid not null,
  region_code char(6) not null,
  implementing_org_name text not null,
  mode text not null check (mode in ('whole', 'domain', 'scenario')),
  domain text,
  scenario text,
  term_start date not null,
  term_end date not null,
  -- 实施方案 (第9条): structured fields, see plan.ts.
  plan jsonb not null,
  selection_method text not null check (selection_method in ('open_tender', 'invited_tender', 'negotiation')),
  selection_record text not null,
  approval_record text,
  status text not null default 'draft' check (status in ('draft', 'active', 'ended')),
  sandbox_scope_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint project_term check (term_end > term_start and term_end <= term_start + interval '5 years')
);
create index operation_projects_region on operation_projects (region_code, created_at desc);

-- A resource in a project's scope. `awaiting_consent`: held by another org (it came through sharing), included
-- only once that provider consents.
create table operation_project_resources (
  project_id uuid not null references operation_projects (id),
  resource_id uuid not null,
  resource_code text not null,
  resource_name text not null,
  provider_org_id uuid not null,
  status text not null check (status in ('included', 'awaiting_consent', 'refused')),
  added_at timestamptz not null default now(),
  primary key (project_id, resource_id)
);
create index operation_project_resources_provider on operation_project_resources (provider_org_id, status);

create table operation_consents (
  id uuid primary key,
  project_id uuid not null references operation_projects (id),
  resource_id uuid not null,
  provider_org_id uuid not null,
  decision text not null check (decision in ('consent', 'refuse')),
  note text,
  decided_by uuid not null,
  decided_by_name text not null,
  decided_at timestamptz not null default now()
);
create index operation_consents_project on operation_consents (project_id, resource_id);

-- A mandate (授权) of one operator in one project, with its authorisation agreement (第14条, 13 clauses).
create table operation_mandates (
  id uuid primary key,
  project_id uuid not null references operation_projects (id),
  operator_org_id uuid not null,
  content text not null,
  term_start date not null,
  term_end date not null,
  agreement_no text not null,
  agreement jsonb not null,
  -- Share of each invoice due to the authorizer under the agreement's revenue distribution clause.
  authorizer_share_bp integer not null check (authorizer_share_bp between 0 and 10000),
  signed_on date not null,
  status text not null default 'active' check (status in ('active', 'suspended', 'ended')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, operator_org_id),
  constraint mandate_term check (term_end > term_start and term_end <= term_start + interval '5 years')
);
create index operation_mandates_operator on operation_mandates (operator_org_id);

create table operation_attachments (
  id uuid primary key,
  owner_type text not null check (owner_type in ('project', 'mandate')),
  owner_id uuid not null,
  name text not null,
  content_type text not null,
  size integer not null,
  sm3 text not null,
  data bytea not null,
  uploaded_by uuid not null,
  uploaded_at timestamptz not null default now()
);
create index operation_attachments_owner on operation_attachments (owner_type, owner_id);

create table operation_products (
  id uuid primary key,
  code text not null unique,
  mandate_id uuid not null references operation_mandates (id),
  project_id uuid not null references operation_projects (id),
  operator_org_id uuid not null,
  name text not null,
  kind text not null check (kind in ('api', 'dataset', 'report', 'model')),
  use_class text not null check (use_class in ('public_interest', 'industry')),
  charging_unit text not null check (charging_unit in ('item', 'call', 'time', 'volume')),
  unit_label text not null,
  description text not null default '',
  -- API products: the resource the gateway serves and the fields a buyer's app may read.
  api_resource_id uuid,
  api_fields text[] not null default '{}',
  price_cap_fen bigint check (price_cap_fen is null or price_cap_fen >= 0),
  price_fen bigint not null default 0 check (price_fen >= 0),
  status text not null default 'draft' check (status in ('draft', 'published', 'withdrawn')),
  delivered_at timestamptz,
  exchange_name text,
  exchange_listing_no text,
  registration_no text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint price_within_cap check (price_cap_fen is null or price_fen <= price_cap_fen),
  constraint public_interest_free check (use_class <> 'public_interest' or price_fen = 0)
);
create index operation_products_operator on operation_products (operator_org_id, status);

-- What a product is made from: catalog resources and other products (its lineage).
create table operation_product_inputs (
  product_id uuid not null references operation_products (id),
  input_kind text not null check (input_kind in ('resource', 'product')),
  input_id uuid not null,
  primary key (product_id, input_kind, input_id)
);
create index operation_product_inputs_input on operation_product_inputs (input_kind, input_id);

create table operation_price_changes (
  id uuid primary key,
  product_id uuid not null references operation_products (id),
  kind text not null check (kind in ('cap', 'price')),
  old_fen bigint,
  new_fen bigint not null,
  reason text,
  changed_by uuid not null,
  changed_by_name text not null,
  changed_at timestamptz not null default now()
);
create index operation_price_changes_product on operation_price_changes (product_id, changed_at);

create table operation_orders (
  id uuid primary key,
  code text not null unique,
  product_id uuid not null references operation_products (id),
  operator_org_id uuid not null,
  buyer_org_id uuid not null,
  buyer_app_id uuid,
  grant_id uuid,
  quantity bigint not null check (quantity >= 0),
  unit_price_fen bigint not null check (unit_price_fen >= 0),
  purpose text not null,
  valid_from timestamptz not null,
  valid_until timestamptz not null,
  status text not null default 'active' check (status in ('active', 'completed', 'cancelled')),
  created_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index operation_orders_operator on operation_orders (operator_org_id, created_at desc);
create index operation_orders_buyer on operation_orders (buyer_org_id, created_at desc);

-- One invoice per order and billing period: metered quantity (calls from the gateway log) or the ordered one.
create table operation_invoices (
  id uuid primary key,
  number text not null unique,
  order_id uuid not null references operation_orders (id),
  operator_org_id uuid not null,
  period_start date not null,
  period_end date not null,
  quantity bigint not null,
  unit_price_fen bigint not null,
  amount_fen bigint not null check (amount_fen >= 0),
  issued_at timestamptz not null default now(),
  unique (order_id, period_start)
);
create index operation_invoices_operator on operation_invoices (operator_org_id, issued_at);

create table operation_revenue_shares (
  id uuid primary key,
  invoice_id uuid not null references operation_invoices (id),
  party text not null check (party in ('authorizer', 'operator')),
  org_id uuid not null,
  share_bp integer not null,
  amount_fen bigint not null
);
create index operation_revenue_shares_invoice on operation_revenue_shares (invoice_id);

-- 最高准许收入 of one operator for one year, approved by the authorizer, and the year's deviation check.
create table operation_revenue_caps (
  id uuid primary key,
  operator_org_id uuid not null,
  authorizer_org_id uuid not null,
  year integer not null check (year between 2000 and 2100),
  cost_fen bigint not null check (cost_fen >= 0),
  subsidies_fen bigint not null check (subsidies_fen >= 0),
  bond_yield_bp integer not null check (bond_yield_bp between 0 and 3000),
  profit_rate_bp integer not null check (profit_rate_bp >= 0),
  tax_fen bigint not null check (tax_fen >= 0),
  carry_over_fen bigint not null default 0 check (carry_over_fen >= 0),
  max_revenue_fen bigint not null,
  revenue_fen bigint,
  deviation_bp integer,
  outcome text check (outcome in ('within', 'operator_adjusts', 'cap_adjustment_flagged')),
  excess_fen bigint,
  checked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (operator_org_id, year)
);
