export type ProjectMode = 'whole' | 'domain' | 'scenario'
export type UseClass = 'public_interest' | 'industry'

export interface ProjectItem {
  id: string
  code: string
  name: string
  mode: ProjectMode
  status: 'draft' | 'active' | 'ended'
  termStart: string
  termEnd: string
  authorizerOrgName: string
  mandates: number
  resources: number
  createdAt: string
}

export interface Mandate {
  id: string
  operatorOrgId: string
  operatorOrgName: string
  content: string
  termStart: string
  termEnd: string
  agreementNo: string
  agreement: Record<string, string>
  authorizerShareBp: number
  signedOn: string
  status: 'active' | 'suspended' | 'ended'
}

export interface ProjectView extends Omit<ProjectItem, 'mandates' | 'resources'> {
  regionCode: string
  implementingOrgName: string
  domain: string | null
  scenario: string | null
  plan: Record<string, string>
  selectionMethod: 'open_tender' | 'invited_tender' | 'negotiation'
  selectionRecord: string
  approvalRecord: string | null
  sandboxScopeId: string | null
  sandbox: { requiresApproval: boolean; epsilonSpent: number; status: string } | null
  resources: {
    resourceId: string
    resourceCode: string
    resourceName: string
    providerOrgName: string
    status: string
  }[]
  mandates: Mandate[]
  consents: {
    resourceId: string
    decision: string
    note: string | null
    decidedByName: string
    decidedAt: string
  }[]
  attachments: { id: string; ownerId: string; name: string; size: number; uploadedAt: string }[]
}

export interface ProductItem {
  id: string
  code: string
  name: string
  kind: 'api' | 'dataset' | 'report' | 'model'
  useClass: UseClass
  chargingUnit: 'item' | 'call' | 'time' | 'volume'
  unitLabel: string
  status: 'draft' | 'published' | 'withdrawn'
  priceCap: string | null
  price: string
  operatorOrgId: string
  operatorOrgName: string
  projectId: string
  projectName: string
  mandateId: string
  exchangeName: string | null
  exchangeListingNo: string | null
  updatedAt: string
}

export interface ProductView extends ProductItem {
  description: string
  deliveredAt: string | null
  registrationNo: string | null
  registration: { number: string | null; status: string } | null
  registrationDue: {
    required: boolean
    registered: boolean
    dueOn: string | null
    overdue: boolean
    workingDays: number
  }
  inputs: { kind: 'resource' | 'product'; id: string; name: string }[]
  priceChanges: {
    kind: 'cap' | 'price'
    old: string | null
    new: string
    reason: string | null
    changedByName: string | null
    changedAt: string
  }[]
}

export interface OrderItem {
  id: string
  code: string
  status: 'active' | 'completed' | 'cancelled'
  quantity: number
  unitPrice: string
  invoiced: string
  purpose: string
  validUntil: string
  createdAt: string
  buyerOrgName: string
  operatorOrgName: string
  productName: string
  productCode: string
  chargingUnit: string
  unitLabel: string
  grantId: string | null
}

export interface Invoice {
  id: string
  number: string
  periodStart: string
  periodEnd: string
  quantity: number
  unitPrice: string
  amount: string
  issuedAt: string
  state: InvoiceState
  dueOn: string
  overdue: boolean
  shares: { party: 'authorizer' | 'operator'; shareBp: number; amount: string; reversed: boolean }[]
}

export type InvoiceState = 'issued' | 'paid' | 'void'

/** A row of the invoice (结算单) list. */
export interface InvoiceItem {
  id: string
  number: string
  state: InvoiceState
  overdue: boolean
  dueOn: string
  issuedAt: string
  issuedOn: string
  periodStart: string
  periodEnd: string
  quantity: number
  unitPrice: string
  amount: string
  unitLabel: string
  buyerOrgId: string
  buyerOrgName: string
  operatorOrgId: string
  operatorOrgName: string
  productName: string
  orderCode: string
  paidOn: string | null
  paymentRef: string | null
  voidReason: string | null
}
