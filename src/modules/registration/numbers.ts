/**
 * Registration numbers (登记编号). The national coding rule is not published, so the shape is a setting
 * (REGISTRATION_NUMBER_PATTERN, default `{region}-{year}-{serial}{check}`): {region} is the body's 6-digit region
 * code, {year} the issue year, {serial} a 6-digit serial per region and year, and {check} one check character of
 * ISO/IEC 7064 MOD 37,36 (hybrid system, alphabet 0-9A-Z) over every letter and digit before it. It catches every
 * single mistyped character and nearly every swap of two neighbours.
 */
import { sql } from 'kysely'
import type { Db } from '../../platform/db/index.ts'
import { t } from './store.ts'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const M = 36

/** The check character for the letters and digits of `text` (other characters are ignored). */
export function checkCharacter(text: string): string {
  let p = M
  for (const ch of text.toUpperCase()) {
    const v = ALPHABET.indexOf(ch)
    if (v < 0) continue
    let s = (p + v) % M
    if (s === 0) s = M
    p = (s * 2) % (M + 1)
  }
  return ALPHABET[(M + 1 - p) % M] ?? '0'
}

/** Whether the last letter or digit of a number is the right check character for the ones before it. */
export function isValidNumber(number: string): boolean {
  const chars = number.toUpperCase().replace(/[^0-9A-Z]/g, '')
  if (chars.length < 2) return false
  return checkCharacter(chars.slice(0, -1)) === chars.slice(-1)
}

export function formatNumber(pattern: string, region: string, year: number, serial: number): string {
  const head = pattern.split('{check}')[0] ?? ''
  const fill = (s: string) =>
    s
      .replaceAll('{region}', region)
      .replaceAll('{year}', String(year))
      .replaceAll('{serial}', String(serial).padStart(6, '0'))
  const before = fill(head)
  return fill(pattern).replace('{check}', checkCharacter(before))
}

/** The next serial of a region and year; the row lock makes concurrent issues take distinct serials. */
export async function nextSerial(db: Db, region: string, year: number): Promise<number> {
  const row = await t(db)
    .insertInto('registrationSerials')
    .values({ regionCode: region, year, lastSerial: 1 })
    .onConflict((oc) =>
      oc
        .columns(['regionCode', 'year'])
        .doUpdateSet({ lastSerial: sql`registration_serials.last_serial + 1` }),
    )
    .returning('lastSerial')
    .executeTakeFirstOrThrow()
  return row.lastSerial
}
