-- Public data resource registration (公共数据资源登记): applications of every kind, their history, objections
-- raised during public notice, signing keys of the registration bodies, and the signed certificates.
-- Orgs, catalog resources and operation products belong to other modules and are referenced by id only.

create table registrations (
  id uuid primary key,
  kind text not null check (kind in ('initial', 'change', 'correction', 'cancellation', 'renewal')),
  -- For every kind but initial: the initial registration this application acts on.
  target_id uuid references registrations (id),
  status text not null check (status in (
    'draft', 'submitted', 'supplement_required', 'not_accepted', 'under_review', 'public_notice',
    'objection_review', 'terminated', 'valid', 'expired', 'cancelled', 'revoked', 'completed', 'withdrawn')),
  registrant_org_id uuid not null,
  registrant_region_code char(6) not null,
  -- The applicant org; differs from the registrant only for a correction asked by an interested third party.
  applicant_org_id uuid not null,
  body_org_id uuid not null,
  body_region_code char(6) not null,
  data_name text not null,
  summary text not null,
  -- The seven materials of measures art. 9 and any others, keyed by material code.
  materials jsonb not null default '{}',
  catalog_resource_ids uuid[] not null default '{}',
  operation_product_ids uuid[] not null default '{}',
  operation_started_on date,
  -- Initial registrations: last working day to file (measures art. 9), from operation_started_on.
  initial_due date,
  mandate_ends_on date,
  reason text,
  number text unique,
  submitted_on date,
  accept_due date,
  review_due date,
  notice_starts_on date,
  notice_due date,
  cancel_due date,
  supplement_gaps jsonb,
  decision_reason text,
  issued_at timestamptz,
  valid_from date,
  valid_until date,
  status_reason text,
  status_changed_at timestamptz,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint registration_target check ((kind = 'initial') = (target_id is null))
);
create index registrations_registrant on registrations (registrant_org_id, created_at desc);
create index registrations_body on registrations (body_org_id, status);
create index registrations_status on registrations (status);
create index registrations_target on registrations (target_id);
create index registrations_resources on registrations using gin (catalog_resource_ids);
create index registrations_products on registrations using gin (operation_product_ids);

create table registration_history (
  id uuid primary key,
  registration_id uuid not null references registrations (id) on delete cascade,
  at timestamptz not null default now(),
  action text not null,
  from_status text,
  to_status text not null,
  actor_id uuid,
  actor_name text,
  reason text,
  details jsonb not null default '{}'
);
create index registration_history_registration on registration_history (registration_id, at, id);

-- Evidence records (存证): SM3 over a mounted resource's data snapshot and metadata at a moment.
create table registration_evidence (
  id uuid primary key,
  registration_id uuid not null references registrations (id) on delete cascade,
  catalog_resource_id uuid not null,
  resource_code text not null,
  resource_name text not null,
  taken_at timestamptz not null,
  row_count bigint not null,
  data_digest char(64) not null,
  metadata_digest char(64) not null,
  digest char(64) not null
);
create index registration_evidence_registration on registration_evidence (registration_id, taken_at);

create table registration_attachments (
  id uuid primary key,
  registration_id uuid references registrations (id) on delete cascade,
  objection_id uuid,
  material text,
  file_name text not null,
  content_type text not null,
  size_bytes integer not null check (size_bytes > 0 and size_bytes <= 2097152),
  sm3 char(64) not null,
  content bytea not null,
  created_at timestamptz not null default now(),
  constraint registration_attachment_owner check ((registration_id is null) <> (objection_id is null))
);
create index registration_attachments_registration on registration_attachments (registration_id);
create index registration_attachments_objection on registration_attachments (objection_id);

create table registration_objections (
  id uuid primary key,
  registration_id uuid not null references registrations (id),
  real_name text not null,
  contact text not null,
  content text not null,
  -- HMAC of the submitter's address: limits repeated filings without keeping the address.
  source_hash char(64) not null,
  status text not null default 'pending' check (status in ('pending', 'upheld', 'dismissed')),
  decision_reason text,
  decided_by uuid,
  decided_at timestamptz,
  created_at timestamptz not null default now()
);
create index registration_objections_registration on registration_objections (registration_id, created_at);
create index registration_objections_source on registration_objections (source_hash, created_at);

create table registration_signing_keys (
  id text primary key,
  body_org_id uuid not null,
  body_name text not null,
  body_region_code char(6) not null,
  algorithm text not null check (algorithm in ('SM2', 'Ed25519')),
  public_key text not null,
  private_key_sealed text not null,
  status text not null check (status in ('active', 'retired')),
  created_at timestamptz not null default now(),
  retired_at timestamptz
);
create unique index registration_signing_keys_active on registration_signing_keys (body_org_id)
  where status = 'active';

create table registration_certificates (
  id uuid primary key,
  registration_id uuid not null references registrations (id),
  number text not null,
  version integer not null,
  -- The canonical JSON of the signed document, byte for byte as signed.
  document text not null,
  key_id text not null references registration_signing_keys (id),
  algorithm text not null,
  signature text not null,
  issued_at timestamptz not null,
  superseded_at timestamptz,
  unique (registration_id, version)
);
create index registration_certificates_number on registration_certificates (number, version desc);

create table registration_serials (
  region_code char(6) not null,
  year integer not null,
  last_serial integer not null,
  primary key (region_code, year)
);

-- Reminders already sent (initial registration due, renewal window): the jobs write each once.
create table registration_reminders (
  subject_id uuid not null,
  kind text not null,
  due_on date not null,
  created_at timestamptz not null default now(),
  primary key (subject_id, kind, due_on)
);
