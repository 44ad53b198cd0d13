/** Beijing-time calendar days, the unit of every portal deadline and daily counter. */

const SHANGHAI_OFFSET_MS = 8 * 3_600_000

/** The calendar day in Beijing at this instant ('YYYY-MM-DD'). */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** Adds whole calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}
