-- Invoices become settlement documents (结算单/收费凭证, not tax invoices) with a payment state, a readable number
-- per operator and year, and a due date; the annual report gets a submission step with frozen revisions and
-- reminders before (and after) its 31 March deadline.

-- Each operator gets a short sequence number once, so invoice numbers read JS2026-0003-000017
-- (year, operator, serial within that operator and year) and are unique by construction.
create table operation_invoice_series (
  operator_org_id uuid primary key,
  series_no integer generated always as identity unique
);

create table operation_invoice_counters (
  operator_org_id uuid not null,
  year integer not null check (year between 2000 and 2100),
  last_serial integer not null check (last_serial > 0),
  primary key (operator_org_id, year)
);

alter table operation_invoices add column buyer_org_id uuid;
alter table operation_invoices add column due_on date;
alter table operation_invoices add column state text not null default 'issued'
  check (state in ('issued', 'paid', 'void'));
alter table operation_invoices add column payment_ref text;
alter table operation_invoices add column paid_amount_fen bigint;
alter table operation_invoices add column paid_on date;
alter table operation_invoices add column paid_by uuid;
alter table operation_invoices add column paid_by_name text;
alter table operation_invoices add column paid_at timestamptz;
alter table operation_invoices add column void_reason text;
alter table operation_invoices add column voided_by uuid;
alter table operation_invoices add column voided_by_name text;
alter table operation_invoices add column voided_at timestamptz;

-- Invoices issued before this migration: the buyer from their order, due 30 days (the default setting) after
-- their Beijing issue day.
update operation_invoices i set buyer_org_id = o.buyer_org_id from operation_orders o where o.id = i.order_id;
update operation_invoices
  set due_on = ((issued_at at time zone 'UTC') + interval '8 hours')::date + 30;
alter table operation_invoices alter column buyer_org_id set not null;
alter table operation_invoices alter column due_on set not null;

alter table operation_invoices add constraint invoice_paid_facts check (
  state <> 'paid' or (payment_ref is not null and paid_amount_fen = amount_fen and paid_on is not null
    and paid_by is not null and paid_at is not null)
);
alter table operation_invoices add constraint invoice_void_facts check (
  state <> 'void' or (void_reason is not null and voided_by is not null and voided_at is not null)
);

-- A voided period may be billed again: one invoice per order and period among those not voided.
alter table operation_invoices drop constraint operation_invoices_order_id_period_start_key;
create unique index operation_invoices_live_period on operation_invoices (order_id, period_start)
  where state <> 'void';
create index operation_invoices_buyer on operation_invoices (buyer_org_id, issued_at);
create index operation_invoices_unpaid on operation_invoices (due_on) where state = 'issued';

-- The annual report on guided prices as submitted by the authorizer: the report JSON frozen at submission and
-- its SM3 digest (over the canonical JSON). Re-submission adds a revision; the latest one counts.
create table operation_annual_reports (
  id uuid primary key,
  operator_org_id uuid not null,
  year integer not null check (year between 2000 and 2100),
  revision integer not null check (revision > 0),
  authorizer_org_id uuid not null,
  report jsonb not null,
  digest text not null,
  submitted_by uuid not null,
  submitted_by_name text not null,
  submitted_at timestamptz not null default now(),
  unique (operator_org_id, year, revision)
);

-- Reminders to the authorizer of an unsubmitted annual report, each written once per kind and due day.
create table operation_report_reminders (
  operator_org_id uuid not null,
  year integer not null,
  kind text not null check (kind in ('report_due', 'report_overdue')),
  due_on date not null,
  authorizer_org_id uuid not null,
  region_code char(6) not null,
  message text not null,
  created_at timestamptz not null default now(),
  primary key (operator_org_id, year, kind, due_on)
);
create index operation_report_reminders_authorizer on operation_report_reminders (authorizer_org_id, created_at);
