/** SM3 digests of documents (annual report submissions, invoices) over their canonical JSON. */
import { sm3 } from '../../platform/crypto/index.ts'
import type { Json } from '../../platform/db/index.ts'

/** JSON with object keys sorted at every depth: jsonb reorders keys, so a digest must not depend on order. */
export function canonicalJson(value: Json | undefined): string {
  if (value === undefined || value === null) return 'null'
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export const documentDigest = (value: Json): string => sm3(canonicalJson(value))
