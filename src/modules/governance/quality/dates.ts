/** Beijing calendar days for deadlines and "today" in rules (China has no DST: a fixed offset is exact). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000

export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}
