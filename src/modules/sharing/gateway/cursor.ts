/**
 * Opaque page cursors: base64url of {v: source version, p: position} (a datastore ctid or an external offset). A cursor grants nothing by itself: every
 * page is read under the caller's grant and row scope again, so a forged cursor only moves the starting point.
 */
import { gatewayError } from './errors.ts'

export interface Cursor {
  readonly version: string
  readonly position: string
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify({ v: c.version, p: c.position }), 'utf8').toString('base64url')
}

export function decodeCursor(raw: string): Cursor {
  const invalid = () => gatewayError('gateway.cursor_invalid')
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(raw)) throw invalid()
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
  } catch {
    throw invalid()
  }
  if (!parsed || typeof parsed !== 'object') throw invalid()
  const { v, p } = parsed as { v?: unknown; p?: unknown }
  if (
    typeof v !== 'string' ||
    !/^[0-9a-z]{1,40}$/.test(v) ||
    typeof p !== 'string' ||
    !/^[(),0-9]{1,30}$/.test(p)
  )
    throw invalid()
  return { version: v, position: p }
}
