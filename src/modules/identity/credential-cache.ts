import type { ResolvedAuth } from '../../platform/http/index.ts'

interface Entry {
  readonly auth: ResolvedAuth
  readonly expires: number
}

const MAX_ENTRIES = 20_000

/**
 * Resolved credentials for a few seconds, so an authenticated request costs no database round trip for its
 * credential. Changes made on this replica (logout, password change, role change, disable, rotation) evict at
 * once; other replicas notice within the TTL (AUTH_CACHE_SECONDS), which bounds how long a revoked credential
 * can still be used there.
 */
class CredentialCache {
  readonly #entries = new Map<string, Entry>()

  get(key: string): ResolvedAuth | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.expires <= Date.now()) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.auth
  }

  set(key: string, auth: ResolvedAuth, ttlMs: number): void {
    if (ttlMs <= 0) return
    if (this.#entries.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: drop the oldest tenth.
      let n = MAX_ENTRIES / 10
      for (const k of this.#entries.keys()) {
        this.#entries.delete(k)
        if (--n <= 0) break
      }
    }
    this.#entries.set(key, { auth, expires: Date.now() + ttlMs })
  }

  /** Evicts every cached credential matching the predicate (a user's sessions, an app's tokens). */
  evict(match: (auth: ResolvedAuth) => boolean): void {
    for (const [key, entry] of this.#entries) if (match(entry.auth)) this.#entries.delete(key)
  }

  evictUser(userId: string): void {
    this.evict((a) => a.actor.kind === 'user' && a.actor.userId === userId)
  }

  evictSession(sessionId: string): void {
    this.evict((a) => a.actor.kind === 'user' && a.actor.sessionId === sessionId)
  }

  evictApp(appId: string): void {
    this.evict((a) => a.actor.kind === 'app' && a.actor.appId === appId)
  }

  evictOrg(orgId: string): void {
    this.evict((a) => (a.actor.kind === 'user' || a.actor.kind === 'app') && a.actor.orgId === orgId)
  }
}

export const credentialCache = new CredentialCache()
