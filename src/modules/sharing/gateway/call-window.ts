/**
 * The calls gathered since the last flush of the gateway call log (call-log.ts), kept in the form they are written
 * in: each call as ready-made JSON and its line of the batch hash (flat strings the garbage collector need not
 * trace), with daily usage and quota summed as calls come in, so a flush only joins strings.
 */
import { sm3 } from '../../../platform/crypto/index.ts'
import type { AuthMethod } from './tables.ts'

export interface CallEntry {
  readonly id: string
  readonly calledAt: number
  readonly day: string
  readonly authMethod: AuthMethod
  readonly appId: string | null
  readonly clientId: string | null
  readonly consumerOrgId: string | null
  readonly consumerRegionCode: string | null
  readonly resourceId: string | null
  readonly resourceCode: string | null
  readonly providerOrgId: string | null
  readonly providerRegionCode: string | null
  readonly grantId: string | null
  readonly purpose: string | null
  readonly fields: readonly string[]
  readonly filterFields: readonly string[]
  readonly keyHashes: readonly string[]
  readonly rowsReturned: number
  readonly status: number
  readonly errorCode: string | null
  readonly latencyMs: number
  readonly requestId: string | null
  /** Admitted by the limiter: counts against the grant's daily quota. */
  readonly counted: boolean
}

interface LineParts {
  id: string
  calledAt: Date | number
  appId: string | null
  resourceId: string | null
  grantId: string | null
  status: number
  rowsReturned: number
  fields: readonly string[]
  keyHashes: readonly string[]
}

/** One line per call, in id order, hashed into the batch's audit event. */
export function callLine(c: LineParts): string {
  return lineOf(c, new Date(c.calledAt).toISOString())
}

function lineOf(c: LineParts, at: string): string {
  return [
    c.id,
    at,
    c.appId ?? '',
    c.resourceId ?? '',
    c.grantId ?? '',
    String(c.status),
    String(c.rowsReturned),
    c.fields.join(','),
    c.keyHashes.join(','),
  ].join('|')
}

export function batchHash(lines: readonly string[]): string {
  return sm3(lines.join('\n'))
}

export interface Buffered {
  /** Provider org (or '' when the call never reached a resource): one audit event per group and flush. */
  readonly group: string
  readonly regionCode: string | null
  readonly id: string
  /** Who called what under which grant: the same for most calls, so sent once per flush (`dims`). */
  readonly dim: string
  /** The rest of the row as the inside of a JSON array (see insertCalls). */
  readonly json: string
  /** The row's line in its batch hash. */
  readonly line: string
  readonly status: number
  readonly rows: number
}

interface Daily {
  readonly day: string
  readonly app_id: string
  readonly resource_id: string
  readonly status: number
  readonly resource_code: string | null
  readonly consumer_org_id: string
  readonly consumer_region_code: string | null
  readonly provider_org_id: string
  readonly provider_region_code: string | null
  calls: number
  rows: number
  ms: number
}

interface Quota {
  readonly grantId: string
  readonly day: string
  calls: number
}

/**
 * What accumulated since the last flush. Calls are kept as ready-made JSON and hash lines (flat strings the
 * garbage collector need not trace) and usage/quota are summed as they come, so a flush only joins strings.
 */
export class Window {
  calls: Buffered[] = []
  /** Dimension key → the inside of its JSON object. */
  readonly dims = new Map<string, string>()
  readonly daily = new Map<string, Daily>()
  readonly quota = new Map<string, Quota>()

  /** Takes one call in: its row as strings, its share of the day's usage and of the grant's quota. */
  add(c: CallEntry): void {
    const at = new Date(c.calledAt).toISOString()
    const dim = `${c.authMethod}|${c.clientId}|${c.grantId}|${c.resourceId}|${c.providerOrgId}`
    if (!this.dims.has(dim)) this.dims.set(dim, JSON.stringify(dimRecord(c)).slice(1, -1))
    this.calls.push({
      group: c.providerOrgId ?? '',
      regionCode: c.providerRegionCode,
      id: c.id,
      dim,
      json: JSON.stringify([
        c.id,
        at,
        c.day,
        c.fields,
        c.filterFields,
        c.keyHashes,
        c.rowsReturned,
        c.status,
        c.errorCode,
        c.latencyMs,
        c.requestId,
      ]).slice(1, -1),
      line: lineOf(c, at),
      status: c.status,
      rows: c.rowsReturned,
    })
    if (c.appId && c.resourceId && c.consumerOrgId && c.providerOrgId) {
      const key = `${c.day}|${c.appId}|${c.resourceId}|${c.status}`
      let d = this.daily.get(key)
      if (!d) {
        d = {
          day: c.day,
          app_id: c.appId,
          resource_id: c.resourceId,
          status: c.status,
          resource_code: c.resourceCode,
          consumer_org_id: c.consumerOrgId,
          consumer_region_code: c.consumerRegionCode,
          provider_org_id: c.providerOrgId,
          provider_region_code: c.providerRegionCode,
          calls: 0,
          rows: 0,
          ms: 0,
        }
        this.daily.set(key, d)
      }
      d.calls++
      d.rows += c.rowsReturned
      d.ms += c.latencyMs
    }
    if (c.counted && c.grantId) {
      const key = `${c.grantId}|${c.day}`
      const q = this.quota.get(key)
      if (q) q.calls++
      else this.quota.set(key, { grantId: c.grantId, day: c.day, calls: 1 })
    }
  }

  absorb(older: Window): void {
    this.calls = older.calls.concat(this.calls)
    for (const [k, d] of older.dims) this.dims.set(k, d)
    for (const [k, d] of older.daily) {
      const mine = this.daily.get(k)
      if (!mine) this.daily.set(k, d)
      else {
        mine.calls += d.calls
        mine.rows += d.rows
        mine.ms += d.ms
      }
    }
    for (const [k, q] of older.quota) {
      const mine = this.quota.get(k)
      if (!mine) this.quota.set(k, q)
      else mine.calls += q.calls
    }
  }
}

function dimRecord(c: CallEntry): Record<string, unknown> {
  return {
    auth_method: c.authMethod,
    app_id: c.appId,
    client_id: c.clientId,
    consumer_org_id: c.consumerOrgId,
    consumer_region_code: c.consumerRegionCode,
    resource_id: c.resourceId,
    resource_code: c.resourceCode,
    provider_org_id: c.providerOrgId,
    provider_region_code: c.providerRegionCode,
    grant_id: c.grantId,
    purpose: c.purpose,
  }
}
