/**
 * Hands the platform masking piece what governance decided: the masking mode of each grade (grade policy) and
 * the sensitive types stewards confirmed per field. Catalog preview, gateway, exchange and downloads ask the
 * platform piece, which asks this source, so they follow the policy without depending on governance.
 */
import type { Db } from '../../../platform/db/index.ts'
import {
  type MaskingRules,
  provideMaskingRules,
  SENSITIVE_TYPES,
  type SensitiveType,
} from '../../../platform/masking/index.ts'
import { gradeMaskings } from './grade-policies.ts'
import { p } from './tables.ts'

const isType = (s: string | null): s is SensitiveType =>
  s !== null && (SENSITIVE_TYPES as readonly string[]).includes(s)

export async function maskingRules(db: Db, resourceId: string): Promise<MaskingRules> {
  const [grades, confirmed] = await Promise.all([
    gradeMaskings(db),
    p(db)
      .selectFrom('fieldSensitivity')
      .select(['fieldCode', 'sensitiveType'])
      .where('resourceId', '=', resourceId)
      .execute(),
  ])
  const fieldTypes: Record<string, SensitiveType | null> = {}
  for (const c of confirmed) fieldTypes[c.fieldCode] = isType(c.sensitiveType) ? c.sensitiveType : null
  return { grades, fieldTypes }
}

export function registerMaskingRules(db: Db): void {
  provideMaskingRules(db, (resourceId) => maskingRules(db, resourceId))
}
