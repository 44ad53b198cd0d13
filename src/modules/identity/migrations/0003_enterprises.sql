-- Registered enterprises (企业): companies that sign themselves up to buy operation products. They are orgs of
-- type 'enterprise' (so apps, users and orders keep working through org ids) with a verification record: a bureau
-- admin of the region verifies or rejects each one; until verified its users cannot sign in.
alter table orgs drop constraint orgs_type_check;
alter table orgs add constraint orgs_type_check
  check (type in ('bureau', 'department', 'operator', 'other', 'enterprise'));
-- An enterprise is identified by its 统一社会信用代码; it is what the bureau checks.
alter table orgs add constraint orgs_enterprise_credit_code check (type <> 'enterprise' or credit_code is not null);

create table enterprises (
  org_id uuid primary key references orgs (id),
  contact_name text not null,
  contact_mobile text not null,
  verification text not null default 'pending' check (verification in ('pending', 'verified', 'rejected')),
  reject_reason text,
  decided_by uuid references users (id),
  decided_by_name text,
  decided_at timestamptz,
  -- Keyed hash of the signup's source address, only for the per-address signup limit.
  source_hash text not null,
  created_at timestamptz not null default now(),
  constraint enterprises_decided check ((verification = 'pending') = (decided_at is null)),
  constraint enterprises_reason check (verification <> 'rejected' or reject_reason is not null)
);
create index enterprises_verification on enterprises (verification, created_at);
create index enterprises_source on enterprises (source_hash, created_at);
