export type Verification = 'pending' | 'verified' | 'rejected'

/** A registered enterprise (企业) as the API returns it (`/enterprises`, `/enterprises/{id}`). */
export interface Enterprise {
  orgId: string
  name: string
  creditCode: string
  regionCode: string
  regionName: string
  status: 'active' | 'disabled'
  contactName: string
  contactMobile: string
  username: string | null
  verification: Verification
  rejectReason: string | null
  decidedByName: string | null
  decidedAt: string | null
  createdAt: string
}
