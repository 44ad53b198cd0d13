/**
 * Signed gateway requests (docs/gateway.md): the app signs method, canonical path, sorted query, timestamp and
 * nonce with HMAC-SM3 keyed by its client secret. Pure functions here; the nonce memory is in nonces.ts.
 */
import { constantTimeEqualHex, sm3Hmac } from '../../../platform/crypto/index.ts'

export const SIGNATURE_HEADERS = {
  appKey: 'x-shuhui-appkey',
  timestamp: 'x-shuhui-timestamp',
  nonce: 'x-shuhui-nonce',
  signature: 'x-shuhui-signature',
} as const

export const NONCE_RE = /^[A-Za-z0-9_-]{16,64}$/
const TIMESTAMP_RE = /^\d{1,12}$/
const SIGNATURE_RE = /^[0-9a-fA-F]{64}$/

/** RFC 3986 percent-encoding: everything but unreserved characters (A–Z a–z 0–9 - . _ ~). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/**
 * The query string as signed: each name and value decoded (form rules, `+` is a space) and re-encoded per RFC
 * 3986, pairs sorted by name then value (code-unit order), joined with `&`. Undefined when an escape is broken.
 */
export function canonicalQuery(rawQuery: string): string | undefined {
  const pairs: [string, string][] = []
  for (const part of rawQuery.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const rawName = eq === -1 ? part : part.slice(0, eq)
    const rawValue = eq === -1 ? '' : part.slice(eq + 1)
    try {
      pairs.push([
        decodeURIComponent(rawName.replace(/\+/g, ' ')),
        decodeURIComponent(rawValue.replace(/\+/g, ' ')),
      ])
    } catch {
      return undefined
    }
  }
  pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  return pairs.map(([n, v]) => `${rfc3986(n)}=${rfc3986(v)}`).join('&')
}

/** The path as signed: `/gw/v1/` followed by the resource code with its slash, whatever encoding was sent. */
export function canonicalPath(resourceCode: string): string {
  return `/gw/v1/${resourceCode}`
}

export function stringToSign(parts: {
  method: string
  path: string
  query: string
  timestamp: string
  nonce: string
}): string {
  return [parts.method.toUpperCase(), parts.path, parts.query, parts.timestamp, parts.nonce].join('\n')
}

export function signRequest(secret: string, parts: Parameters<typeof stringToSign>[0]): string {
  return sm3Hmac(Buffer.from(secret, 'utf8'), stringToSign(parts))
}

export interface SignedHeaders {
  readonly appKey: string
  readonly timestamp: string
  readonly nonce: string
  readonly signature: string
}

type Headers = Readonly<Record<string, string | string[] | undefined>>

const one = (h: string | string[] | undefined) => (typeof h === 'string' ? h : undefined)

/** The four signature headers when any of them is present; `malformed` when present but unusable. */
export function readSignedHeaders(headers: Headers): SignedHeaders | 'absent' | 'malformed' {
  const appKey = one(headers[SIGNATURE_HEADERS.appKey])
  const timestamp = one(headers[SIGNATURE_HEADERS.timestamp])
  const nonce = one(headers[SIGNATURE_HEADERS.nonce])
  const signature = one(headers[SIGNATURE_HEADERS.signature])
  if (!appKey && !timestamp && !nonce && !signature) return 'absent'
  if (
    !appKey ||
    appKey.length > 200 ||
    !timestamp ||
    !TIMESTAMP_RE.test(timestamp) ||
    !nonce ||
    !NONCE_RE.test(nonce) ||
    !signature ||
    !SIGNATURE_RE.test(signature)
  ) {
    return 'malformed'
  }
  return { appKey, timestamp, nonce, signature: signature.toLowerCase() }
}

export function signatureMatches(expected: string, given: string): boolean {
  return constantTimeEqualHex(expected, given)
}
