/**
 * The GB/T 43697 grade-determination matrix (rules.md §5) and grade order. Impact on national security, the
 * economy, social order or the public interest makes data core or important; impact on organisations or
 * individuals makes it general, sub-levels 4 to 2 by degree; no impact is general-1.
 */
import { GRADES, type Grade } from '../../../platform/masking/index.ts'

export const IMPACT_OBJECTS = [
  'national_security',
  'economy',
  'social_order',
  'public_interest',
  'organisation',
  'individual',
  'none',
] as const
export type ImpactObject = (typeof IMPACT_OBJECTS)[number]

export const IMPACT_DEGREES = ['extremely_serious', 'serious', 'ordinary'] as const
export type ImpactDegree = (typeof IMPACT_DEGREES)[number]

/** Sensitive personal information, PIPL art. 28. */
export const PI_CATEGORIES = [
  'biometric',
  'religion',
  'special_identity',
  'health',
  'financial_account',
  'location_tracks',
  'minor_under_14',
] as const
export type PiCategory = (typeof PI_CATEGORIES)[number]

export function matrixGrade(object: ImpactObject, degree: ImpactDegree): Grade {
  switch (object) {
    case 'national_security':
      return degree === 'ordinary' ? 'important' : 'core'
    case 'economy':
    case 'social_order':
    case 'public_interest':
      return degree === 'extremely_serious' ? 'core' : degree === 'serious' ? 'important' : 'general_4'
    case 'organisation':
    case 'individual':
      return degree === 'extremely_serious' ? 'general_4' : degree === 'serious' ? 'general_3' : 'general_2'
    case 'none':
      return 'general_1'
  }
}

/** The least impact pair that justifies a grade (used when a steward confirms a suggested grade). */
export const IMPACT_OF_GRADE: Record<Grade, readonly [ImpactObject, ImpactDegree]> = {
  core: ['national_security', 'serious'],
  important: ['national_security', 'ordinary'],
  general_4: ['individual', 'extremely_serious'],
  general_3: ['individual', 'serious'],
  general_2: ['individual', 'ordinary'],
  general_1: ['none', 'ordinary'],
}

/** core = 6 … general_1 = 1. */
export const rank = (g: Grade): number => GRADES.length - GRADES.indexOf(g)

export function highest(grades: Iterable<Grade | null | undefined>): Grade | null {
  let best: Grade | null = null
  for (const g of grades) if (g && (!best || rank(g) > rank(best))) best = g
  return best
}
