/**
 * SQL expressions for the national code checks (GB 11643 公民身份号码, GB 32100 统一社会信用代码, calendar dates),
 * written with nothing but built-in functions so they run on any PostgreSQL ≥ 15, including external sources
 * where we may not create functions. The governance migration defines the same expressions as IMMUTABLE
 * PL/pgSQL functions for the platform's own database (see functionDefinitions for why); a test
 * checks that the two agree with each other and with src/platform/validators.
 * Every expression takes already-normalised text (upper case, trimmed) and is false, never an error, for any
 * input: CASE guards the casts. Lengths are tested with octet_length and patterns without counted repetition
 * ({17}): PostgreSQL's regex engine is several times slower on counted repetition, and an audit runs these on
 * every row (see bench/quality.ts).
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
export const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export const PROVINCE_PREFIXES = [
  ...['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'],
  ...['71', '81', '82'],
]
const provinces = PROVINCE_PREFIXES.map((p) => `'${p}'`).join(',')

/**
 * True when the year, month and day (text of 4, 2 and 2 digits, checked by the caller) form a calendar date from
 * 1800 on. They are passed as separate positions of the value: a nested `substr` of a concatenation, copied into
 * every place it is used, cost more than the test itself.
 */
export function calendarDateExpr(y: string, m: string, d: string): string {
  // Casts of a few characters are cheap next to a regular expression; the caller has proved the digits.
  const yi = `${y}::int`
  const mi = `${m}::int`
  const leap = `((${yi} % 4 = 0 and ${yi} % 100 <> 0) or ${yi} % 400 = 0)`
  const last = `(case when ${mi} = 2 then (case when ${leap} then 29 else 28 end) when ${mi} in (4,6,9,11) then 30 else 31 end)`
  return `(${yi} >= 1800 and ${mi} between 1 and 12 and ${d}::int between 1 and ${last})`
}

/** True when `d` (8 digits, YYYYMMDD, checked by the caller) is a calendar date from 1800 on. */
export function yyyymmddExpr(d: string): string {
  return calendarDateExpr(`substr(${d},1,4)`, `substr(${d},5,2)`, `substr(${d},7,2)`)
}

/** Only ASCII digits: `translate` deleting them leaves nothing (cheaper per row than a regular expression). */
const onlyDigits = (v: string) => `translate(${v},'0123456789','') = ''`

/** Digit i (1-based) of `v` as a number: ascii() is much cheaper per row than a text-to-int cast. */
const digit = (v: string, i: number) => `(ascii(substr(${v},${i},1))-48)`

/**
 * GB 11643: format, MOD 11-2 check character, birth date that exists and is not after `today` (text YYYYMMDD),
 * province.
 */
export function idNumberExpr(v: string, today: string): string {
  const sum = ID_WEIGHTS.map((w, i) => `${digit(v, i + 1)}*${w}`).join('+')
  const birth = calendarDateExpr(`substr(${v},7,4)`, `substr(${v},11,2)`, `substr(${v},13,2)`)
  return (
    `(case when octet_length(${v}) = 18 and ${v} ~ '^[0-9]+[0-9X]$' then ` +
    `substr('10X98765432', ((${sum}) % 11) + 1, 1) = substr(${v},18,1) ` +
    `and substr(${v},7,8) <= ${today} and ${birth} ` +
    `and substr(${v},1,2) in (${provinces}) else false end)`
  )
}

/** GB 32100: alphabet and layout, MOD 31 check character, registration region (or 中央 100000). */
export function creditCodeExpr(v: string): string {
  const sum = CREDIT_WEIGHTS.map(
    (w, i) => `(strpos('${CREDIT_ALPHABET}', substr(${v},${i + 1},1))-1)*${w}`,
  ).join('+')
  return (
    `(case when octet_length(${v}) = 18 and ${v} ~ '^[0-9A-HJ-NPQRTUWXY]+$' and substr(${v},3,6) ~ '^[0-9]+$' then ` +
    `substr('${CREDIT_ALPHABET}', ((31 - ((${sum}) % 31)) % 31) + 1, 1) = substr(${v},18,1) ` +
    `and (substr(${v},3,6) = '100000' or substr(${v},3,2) in (${provinces})) else false end)`
  )
}

/**
 * A date written YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD (a time may follow after a space or T); with `today`
 * (text YYYYMMDD), also not after it. Layout by positions and digits by `translate` rather than the regular
 * expression `^[0-9]{4}(-[0-9]{2}-|/[0-9]{2}/)[0-9]{2}([ T].*)?$`, which cost ~0.85 µs a row (the whole check went
 * from ~2.3 to ~1.4 µs, inline, in bench/quality.ts's data).
 */
export function dateTextExpr(v: string, today?: string): string {
  const y = `substr(${v},1,4)`
  const compact = calendarDateExpr(y, `substr(${v},5,2)`, `substr(${v},7,2)`)
  const dashed = calendarDateExpr(y, `substr(${v},6,2)`, `substr(${v},9,2)`)
  const dashedDigits = `${y}||substr(${v},6,2)||substr(${v},9,2)`
  const sep = `substr(${v},5,1)`
  // The digit tests stay in WHEN: only CASE guarantees they run before the casts (also when folding constants).
  return (
    `(case when octet_length(${v}) = 8 and ${onlyDigits(v)} then ${compact}${today ? ` and ${v} <= ${today}` : ''} ` +
    `when octet_length(${v}) >= 10 and ${sep} in ('-','/') and substr(${v},8,1) = ${sep} ` +
    `and (octet_length(${v}) = 10 or substr(${v},11,1) in (' ','T')) and ${onlyDigits(dashedDigits)} then ` +
    `${dashed}${today ? ` and ${dashedDigits} <= ${today}` : ''} ` +
    'else false end)'
  )
}

/** Names of the functions the governance migration creates (same expressions). */
export const SQL_FUNCTIONS = {
  idNumber: 'quality_id_number_ok',
  creditCode: 'quality_credit_code_ok',
  dateText: 'quality_date_text_ok',
  dateTextNotAfter: 'quality_date_text_not_after',
} as const

/**
 * The CREATE FUNCTION statements of migration 0002 (kept here so the text and the inline form never drift).
 * PL/pgSQL on purpose: a SQL function would be inlined with its argument (upper(btrim(column))) copied into
 * each of the ~40 places the expression uses it, while PL/pgSQL evaluates the argument once and runs the
 * expression as a cached simple expression; measured 1.2 µs against 3.3 µs per ID number.
 */
export function functionDefinitions(): string {
  const fn = (name: string, args: string, body: string) =>
    `create or replace function ${name}(${args}) returns boolean\n` +
    `language plpgsql immutable strict parallel safe as $$\nbegin\n  return ${body};\nend\n$$;\n`
  return [
    fn(SQL_FUNCTIONS.idNumber, 'v text, today text', idNumberExpr('v', 'today')),
    fn(SQL_FUNCTIONS.creditCode, 'v text', creditCodeExpr('v')),
    fn(SQL_FUNCTIONS.dateText, 'v text', dateTextExpr('v')),
    fn(SQL_FUNCTIONS.dateTextNotAfter, 'v text, today text', dateTextExpr('v', 'today')),
  ].join('\n')
}
