/**
 * The GB/T 2260 codes held by the identity module's region table, for the region-code rule. Read by walking the
 * tree through identity's public door and kept for an hour: the table changes once a year at most.
 */
import type { Db } from '../../../platform/db/index.ts'
import { listRegions } from '../../identity/index.ts'

const TTL_MS = 3_600_000
let cached: { at: number; codes: string[] } | null = null

export async function regionCodes(db: Db, now = Date.now()): Promise<string[]> {
  if (cached && now - cached.at < TTL_MS) return cached.codes
  const codes: string[] = []
  let level = await listRegions(db, undefined)
  while (level.length > 0) {
    const next = []
    for (const r of level) {
      codes.push(r.code)
      if (r.hasChildren) next.push(...(await listRegions(db, r.code)))
    }
    level = next
  }
  cached = { at: now, codes }
  return codes
}
