import { randomFillSync } from 'node:crypto'
import { v7 } from 'uuid'

/**
 * Random bits for ids, drawn 4 KiB at a time. The uuid package draws 16 bytes per id (`getRandomValues`, plus a
 * `getpid` system call inside OpenSSL); every request gets an id, so that showed up as ~6 % of the gateway's CPU
 * under load (ADR 0006).
 */
const POOL_IDS = 256
const pool = new Uint8Array(16 * POOL_IDS)
let next = POOL_IDS

/** Same rule as the package's own state: a sequence seeded at random per millisecond, counting up within it. */
let lastMs = -1
let seq = 0

/** UUIDv7: time-ordered primary keys made in the app, so inserts stay index-friendly and ids sort by creation. */
export function newId(): string {
  if (next >= POOL_IDS) {
    randomFillSync(pool)
    next = 0
  }
  const offset = 16 * next++
  const random = pool.subarray(offset, offset + 16)
  let now = Date.now()
  if (now > lastMs) {
    seq =
      (((random[6] ?? 0) & 0x7f) << 24) |
      ((random[7] ?? 0) << 16) |
      ((random[8] ?? 0) << 8) |
      (random[9] ?? 0)
    lastMs = now
  } else {
    seq = (seq + 1) | 0
    // 2^31 ids in one millisecond: borrow the next one, as the package does.
    if (seq === 0) lastMs++
    now = lastMs
  }
  return v7({ random, msecs: now, seq })
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string): boolean {
  return UUID_RE.test(value)
}
