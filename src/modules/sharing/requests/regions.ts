/** Rolling region codes up to the level just below a scope, with names, for per-region statistics. */
import type { Db } from '../../../platform/db/index.ts'
import { isWithinRegion, regionLevel } from '../../../platform/validators/index.ts'
import { getRegion, listRegions } from '../../identity/index.ts'

/**
 * The group a region belongs to when looking at `scope`: the child of scope containing it (a city within a
 * province, a county within a city), or scope itself for orgs sitting at scope level.
 */
export function groupRegion(code: string, scope: string | null): string {
  const c = code.trim()
  if (!scope || !isWithinRegion(c, scope)) return c
  const level = regionLevel(scope)
  if (level === 1) return c.endsWith('0000') ? c : `${c.slice(0, 4)}00`
  return c
}

/**
 * Names of the scope, its children and any other listed codes, falling back to the code when unknown. The
 * scope's children cost one query; a code outside them (a caller without a region scope) one lookup each.
 */
export async function regionNamer(
  db: Db,
  scope: string | null,
  codes: Iterable<string> = [],
): Promise<(code: string) => string> {
  const names = new Map<string, string>()
  if (scope) {
    try {
      const self = await getRegion(db, scope)
      names.set(self.code, self.name)
      for (const child of await listRegions(db, scope)) names.set(child.code, child.name)
    } catch {
      // An unknown scope keeps bare codes.
    }
  }
  for (const code of [...new Set(codes)].filter((c) => !names.has(c)).slice(0, 50)) {
    try {
      names.set(code, (await getRegion(db, code)).name)
    } catch {
      // Unknown code: shown as is.
    }
  }
  return (code) => names.get(code) ?? code
}

export const pct = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10
