import type { ColumnType, Generated, Selectable } from 'kysely'
import type { Db, JsonObject } from '../../platform/db/index.ts'

/** bigint columns arrive as numbers (the platform parses int8; fen stays far below 2^53); written as text. */
type Fen = ColumnType<number, string, string>
type FenNull = ColumnType<number | null, string | null, string | null>
type DateText = ColumnType<string, string, string>
type Jsonb = ColumnType<JsonObject, string, string>

export type ProjectMode = 'whole' | 'domain' | 'scenario'
export type SelectionMethod = 'open_tender' | 'invited_tender' | 'negotiation'
export type ProductKind = 'api' | 'dataset' | 'report' | 'model'
export type UseClass = 'public_interest' | 'industry'
export type ChargingUnit = 'item' | 'call' | 'time' | 'volume'
export type InvoiceState = 'issued' | 'paid' | 'void'
export type ReminderKind = 'report_due' | 'report_overdue'

export interface ProjectsTable {
  id: string
  code: string
  name: string
  authorizerOrgId: string
  regionCode: string
  implementingOrgName: string
  mode: ProjectMode
  domain: string | null
  scenario: string | null
  termStart: DateText
  termEnd: DateText
  plan: Jsonb
  selectionMethod: SelectionMethod
  selectionRecord: string
  approvalRecord: string | null
  status: Generated<'draft' | 'active' | 'ended'>
  sandboxScopeId: string | null
  createdBy: string | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export interface ProjectResourcesTable {
  projectId: string
  resourceId: string
  resourceCode: string
  resourceName: string
  providerOrgId: string
  status: 'included' | 'awaiting_consent' | 'refused'
  addedAt: Generated<Date>
}

export interface ConsentsTable {
  id: string
  projectId: string
  resourceId: string
  providerOrgId: string
  decision: 'consent' | 'refuse'
  note: string | null
  decidedBy: string
  decidedByName: string
  decidedAt: Generated<Date>
}

export interface MandatesTable {
  id: string
  projectId: string
  operatorOrgId: string
  content: string
  termStart: DateText
  termEnd: DateText
  agreementNo: string
  agreement: Jsonb
  authorizerShareBp: number
  signedOn: DateText
  status: Generated<'active' | 'suspended' | 'ended'>
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export interface AttachmentsTable {
  id: string
  ownerType: 'project' | 'mandate'
  ownerId: string
  name: string
  contentType: string
  size: number
  sm3: string
  data: Uint8Array
  uploadedBy: string
  uploadedAt: Generated<Date>
}

export interface ProductsTable {
  id: string
  code: string
  mandateId: string
  projectId: string
  operatorOrgId: string
  name: string
  kind: ProductKind
  useClass: UseClass
  chargingUnit: ChargingUnit
  unitLabel: string
  description: Generated<string>
  apiResourceId: string | null
  apiFields: ColumnType<string[], string[] | undefined, string[]>
  priceCapFen: FenNull
  priceFen: Fen
  status: Generated<'draft' | 'published' | 'withdrawn'>
  deliveredAt: Date | null
  exchangeName: string | null
  exchangeListingNo: string | null
  registrationNo: string | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export interface ProductInputsTable {
  productId: string
  inputKind: 'resource' | 'product'
  inputId: string
}

export interface PriceChangesTable {
  id: string
  productId: string
  kind: 'cap' | 'price'
  oldFen: FenNull
  newFen: Fen
  reason: string | null
  changedBy: string
  changedByName: string
  changedAt: Generated<Date>
}

export interface OrdersTable {
  id: string
  code: string
  productId: string
  operatorOrgId: string
  buyerOrgId: string
  buyerAppId: string | null
  grantId: string | null
  quantity: Fen
  unitPriceFen: Fen
  purpose: string
  validFrom: Date
  validUntil: Date
  status: Generated<'active' | 'completed' | 'cancelled'>
  createdBy: string
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export interface InvoicesTable {
  id: string
  number: string
  orderId: string
  operatorOrgId: string
  periodStart: DateText
  periodEnd: DateText
  quantity: Fen
  unitPriceFen: Fen
  amountFen: Fen
  issuedAt: Generated<Date>
  buyerOrgId: string
  dueOn: DateText
  state: Generated<InvoiceState>
  paymentRef: ColumnType<string | null, string | null | undefined, string | null>
  paidAmountFen: ColumnType<number | null, string | null | undefined, string | null>
  paidOn: ColumnType<string | null, string | null | undefined, string | null>
  paidBy: ColumnType<string | null, string | null | undefined, string | null>
  paidByName: ColumnType<string | null, string | null | undefined, string | null>
  paidAt: ColumnType<Date | null, Date | null | undefined, Date | null>
  voidReason: ColumnType<string | null, string | null | undefined, string | null>
  voidedBy: ColumnType<string | null, string | null | undefined, string | null>
  voidedByName: ColumnType<string | null, string | null | undefined, string | null>
  voidedAt: ColumnType<Date | null, Date | null | undefined, Date | null>
}

export interface InvoiceSeriesTable {
  operatorOrgId: string
  seriesNo: Generated<number>
}

export interface InvoiceCountersTable {
  operatorOrgId: string
  year: number
  lastSerial: number
}

export interface RevenueSharesTable {
  id: string
  invoiceId: string
  party: 'authorizer' | 'operator'
  orgId: string
  shareBp: number
  amountFen: Fen
}

export interface RevenueCapsTable {
  id: string
  operatorOrgId: string
  authorizerOrgId: string
  year: number
  costFen: Fen
  subsidiesFen: Fen
  bondYieldBp: number
  profitRateBp: number
  taxFen: Fen
  carryOverFen: Fen
  maxRevenueFen: Fen
  revenueFen: FenNull
  deviationBp: number | null
  outcome: 'within' | 'operator_adjusts' | 'cap_adjustment_flagged' | null
  excessFen: FenNull
  checkedAt: Date | null
  createdAt: Generated<Date>
  updatedAt: Generated<Date>
}

export interface AnnualReportsTable {
  id: string
  operatorOrgId: string
  year: number
  revision: number
  authorizerOrgId: string
  report: Jsonb
  digest: string
  submittedBy: string
  submittedByName: string
  submittedAt: Generated<Date>
}

export interface ReportRemindersTable {
  operatorOrgId: string
  year: number
  kind: ReminderKind
  dueOn: DateText
  authorizerOrgId: string
  regionCode: string
  message: string
  createdAt: Generated<Date>
}

export type OperationTables = {
  operationProjects: ProjectsTable
  operationProjectResources: ProjectResourcesTable
  operationConsents: ConsentsTable
  operationMandates: MandatesTable
  operationAttachments: AttachmentsTable
  operationProducts: ProductsTable
  operationProductInputs: ProductInputsTable
  operationPriceChanges: PriceChangesTable
  operationOrders: OrdersTable
  operationInvoices: InvoicesTable
  operationRevenueShares: RevenueSharesTable
  operationRevenueCaps: RevenueCapsTable
  operationInvoiceSeries: InvoiceSeriesTable
  operationInvoiceCounters: InvoiceCountersTable
  operationAnnualReports: AnnualReportsTable
  operationReportReminders: ReportRemindersTable
}

export type ProjectRow = Selectable<ProjectsTable>
export type MandateRow = Selectable<MandatesTable>
export type ProductRow = Selectable<ProductsTable>
export type OrderRow = Selectable<OrdersTable>
export type RevenueCapRow = Selectable<RevenueCapsTable>
export type InvoiceRow = Selectable<InvoicesTable>

export const t = (db: Db) => db.withTables<OperationTables>()
