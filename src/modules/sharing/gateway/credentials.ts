/**
 * Who is calling the gateway: an API app with a bearer token (resolved and cached by identity's auth hook) or a
 * signed request (docs/gateway.md). Signing keys are cached like bearer tokens, for AUTH_CACHE_SECONDS.
 */
import type { FastifyRequest } from 'fastify'
import type { Config } from '../../../platform/config.ts'
import type { Db } from '../../../platform/db/index.ts'
import { appSigningKey } from '../../identity/index.ts'
import { gatewayError } from './errors.ts'
import { MAX_TTL_MS } from './grants.ts'
import type { NonceStore } from './nonces.ts'
import {
  canonicalPath,
  canonicalQuery,
  readSignedHeaders,
  signatureMatches,
  signRequest,
} from './signature.ts'
import type { AuthMethod } from './tables.ts'

export interface CallerApp {
  readonly appId: string
  readonly clientId: string
  readonly orgId: string
  readonly regionCode: string
  readonly method: Exclude<AuthMethod, 'none'>
}

interface SigningEntry {
  readonly key: Awaited<ReturnType<typeof appSigningKey>>
  readonly expires: number
}

export class Credentials {
  readonly #db: Db
  readonly #config: Config
  readonly #nonces: NonceStore
  readonly #keys = new Map<string, SigningEntry>()
  readonly #ttlMs: number

  constructor(db: Db, config: Config, nonces: NonceStore) {
    this.#db = db
    this.#config = config
    this.#nonces = nonces
    // Same bound as the grant cache: a disabled app is refused everywhere within 5 s.
    this.#ttlMs = Math.min(config.authCacheSeconds * 1000, MAX_TTL_MS)
  }

  /** The app behind a bearer token the auth hook already resolved (no waiting), or null. */
  fromBearer(request: FastifyRequest): CallerApp | null {
    const actor = request.actor
    if (actor.kind !== 'app') return null
    return {
      appId: actor.appId,
      clientId: actor.clientId,
      orgId: actor.orgId,
      regionCode: actor.regionCode,
      method: 'bearer',
    }
  }

  async authenticate(request: FastifyRequest, resourceCode: string): Promise<CallerApp> {
    const actor = request.actor
    const bearer = this.fromBearer(request)
    if (bearer) return bearer
    if (actor.kind === 'user') throw gatewayError('gateway.app_required')
    // The route is public so signed requests reach it; a bearer token the auth hook could not resolve lands here.
    if (request.headers.authorization !== undefined) throw gatewayError('gateway.credentials_invalid')
    const signed = readSignedHeaders(request.headers)
    if (signed === 'absent') throw gatewayError('gateway.credentials_missing')
    if (signed === 'malformed') {
      throw gatewayError('gateway.credentials_invalid', {
        detail: {
          zh: '签名请求头不完整或格式错误（X-Shuhui-AppKey、X-Shuhui-Timestamp、X-Shuhui-Nonce、X-Shuhui-Signature）',
          en: 'Signed request headers are incomplete or malformed (X-Shuhui-AppKey, -Timestamp, -Nonce, -Signature)',
        },
      })
    }
    const skew = this.#config.gatewaySignatureMaxSkewSeconds
    const timestamp = Number(signed.timestamp)
    if (Math.abs(Date.now() / 1000 - timestamp) > skew) {
      throw gatewayError('gateway.timestamp_stale', { extra: { serverTime: Math.floor(Date.now() / 1000) } })
    }
    const key = await this.#signingKey(signed.appKey)
    if (key?.status !== 'active' || !key.orgActive) throw gatewayError('gateway.credentials_invalid')
    const q = request.url.indexOf('?')
    const query = canonicalQuery(q === -1 ? '' : request.url.slice(q + 1))
    const expected =
      query === undefined
        ? undefined
        : signRequest(key.secret, {
            method: request.method,
            path: canonicalPath(resourceCode),
            query,
            timestamp: signed.timestamp,
            nonce: signed.nonce,
          })
    if (expected === undefined || !signatureMatches(expected, signed.signature))
      throw gatewayError('gateway.signature_invalid')
    // Only a correctly signed request may use up a nonce, so nobody can burn another app's nonces.
    const fresh = await this.#nonces.claim(key.clientId, signed.nonce, new Date((timestamp + skew) * 1000))
    if (!fresh) throw gatewayError('gateway.nonce_reused')
    return {
      appId: key.id,
      clientId: key.clientId,
      orgId: key.orgId,
      regionCode: key.regionCode,
      method: 'signature',
    }
  }

  async #signingKey(clientId: string): Promise<SigningEntry['key']> {
    const hit = this.#keys.get(clientId)
    if (hit && hit.expires > Date.now()) return hit.key
    const key = await appSigningKey(this.#db, this.#config.secretKey, clientId)
    if (this.#ttlMs > 0) {
      if (this.#keys.size > 10_000) this.#keys.clear()
      this.#keys.set(clientId, { key, expires: Date.now() + this.#ttlMs })
    }
    return key
  }
}
