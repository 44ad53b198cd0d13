import { createHash, createHmac } from 'node:crypto'
import { toBytes } from './bytes.ts'

/** SM3 (GB/T 32905) digest as lower-case hex; strings are hashed as UTF-8. */
export function sm3(data: string | Uint8Array): string {
  return createHash('sm3').update(toBytes(data)).digest('hex')
}

/** HMAC-SM3 (RFC 2104 construction over SM3) as lower-case hex. */
export function sm3Hmac(key: Uint8Array, data: string | Uint8Array): string {
  return sm3HmacBytes(key, data).toString('hex')
}

export function sm3HmacBytes(key: Uint8Array, data: string | Uint8Array): Buffer {
  return createHmac('sm3', key).update(toBytes(data)).digest()
}
