/**
 * How each returned field is shown, by its grade (数据分级), the governance masking policy and the grant
 * (docs/gateway.md, "Masking"), through the one platform masking function (src/platform/masking). Defaults:
 *
 * - core (核心数据): never in clear; the value is replaced by `******`.
 * - important (重要数据): recognised personal data (ID number, phone, name, address, bank card …) is masked;
 *   other fields are clear.
 * - general grades and ungraded fields: personal data is clear only when the provider reviewed the grant (a
 *   conditional resource granted through an approved request); an unconditional grant, made without anyone
 *   looking at who gets it, sees personal data masked.
 *
 * A bureau may change the mode of each grade (governance's grade policy), and a steward's confirmed field types
 * win over name recognition; both arrive as MaskingRules with the cached resource.
 */

import {
  DEFAULT_MASKING_RULES,
  type MaskingRules,
  type MaskStrategy,
  maskCell,
  REDACTED as PLATFORM_REDACTED,
  strategyFor,
} from '../../../platform/masking/index.ts'
import type { SharedField } from '../../catalog/index.ts'
import type { CellValue } from '../../datastore/index.ts'

export type Treatment = MaskStrategy

export const REDACTED = PLATFORM_REDACTED

export function reviewedGrant(resource: { shareType: string }, grant: { requestId: string | null }): boolean {
  return resource.shareType === 'conditional' && grant.requestId !== null
}

export function treatmentOf(
  field: SharedField,
  reviewed: boolean,
  rules: MaskingRules = DEFAULT_MASKING_RULES,
): Treatment | null {
  return strategyFor(field, rules, reviewed)
}

/** `pepper` is the server key: the hash strategy needs it to stay joinable across calls. */
export function applyTreatment(treatment: Treatment, value: CellValue, pepper?: Uint8Array): CellValue {
  return maskCell(treatment, value, pepper)
}
