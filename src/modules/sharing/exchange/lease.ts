/**
 * Which process works on a run. A lease (locked_by, locked_until) keeps two processes from doing the same work;
 * it is not what makes delivery exactly-once (the target checkpoint is). A lease held by a process of this host
 * that no longer exists is free at once, so a command-line run killed with SIGKILL can be restarted right away;
 * any other lease is free when it runs out.
 */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'

export const LEASE_MS = 60_000

export function newWorkerId(): string {
  return `${hostname()}|${process.pid}|${randomBytes(4).toString('hex')}`
}

function deadLocalHolder(lockedBy: string): boolean {
  const [host, pidText] = lockedBy.split('|')
  const pid = Number(pidText)
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as { code?: unknown }).code === 'ESRCH'
  }
}

export function leaseFree(
  run: { lockedBy: string | null; lockedUntil: Date | null },
  workerId: string | null,
): boolean {
  if (!run.lockedBy || !run.lockedUntil) return true
  if (run.lockedBy === workerId) return true
  return run.lockedUntil.getTime() < Date.now() || deadLocalHolder(run.lockedBy)
}

export const leaseUntil = () => new Date(Date.now() + LEASE_MS)
