/**
 * Ids of logged calls: UUIDv7 like every other id, with their random bits drawn from a pooled buffer. One
 * `getRandomValues` per id (the uuid package's default) showed up in the gateway's CPU profile at thousands of
 * calls per second; one fill per 256 ids does not.
 */
import { randomFillSync } from 'node:crypto'
import { v7 } from 'uuid'

const POOL_IDS = 256
const pool = new Uint8Array(16 * POOL_IDS)
let next = POOL_IDS

export function callId(): string {
  if (next >= POOL_IDS) {
    randomFillSync(pool)
    next = 0
  }
  const offset = 16 * next++
  return v7({ random: pool.subarray(offset, offset + 16) })
}
