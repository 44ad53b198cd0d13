import { sql } from 'kysely'
import type { Db } from '../../../platform/db/index.ts'
import { bigrams, lexeme, type QueryWord, queryWords, tsqueryText } from './segment.ts'
import type { SearchTables } from './tables.ts'

/**
 * How a query string matches resources: full-text on the search document, or — for input with no words at all
 * (punctuation, a lone stop word) — the old substring match on name, summary and codes.
 */
export type SearchMatch =
  | {
      kind: 'fulltext'
      q: string
      tsquery: string
      /** The query's words as typed (after segmentation and correction), for cheap name scoring. */
      words: string[]
      terms: string[]
      corrected: boolean
    }
  | { kind: 'substring'; q: string; terms: string[] }

function termsOf(
  q: string,
  words: readonly QueryWord[],
  corrections: ReadonlyMap<string, string[]>,
): string[] {
  const out = new Set<string>([q, ...(q.match(/\p{Script=Han}{2,}/gu) ?? []), ...bigrams(q)])
  for (const w of words) {
    out.add(w.word)
    for (const p of w.parts) out.add(p)
    for (const c of corrections.get(w.word) ?? []) out.add(c)
  }
  // Single characters only when the query is one: otherwise every 点 of a summary would light up.
  const terms = [...out].filter((t) => t.length > 1 || [...q].length === 1)
  // Longest first, so that highlighting prefers 营业执照 over 营业.
  return terms.sort((a, b) => b.length - a.length)
}

function fulltext(
  q: string,
  words: readonly QueryWord[],
  corrections: ReadonlyMap<string, string[]>,
  corrected: boolean,
): SearchMatch {
  return {
    kind: 'fulltext',
    q,
    tsquery: tsqueryText(words, corrections, q),
    words: words.flatMap((w) => corrections.get(w.word) ?? [w.word]),
    terms: termsOf(q, words, corrections),
    corrected,
  }
}

/** The match for a query string, by segmentation alone (synchronous; no typo correction). */
export function matchOf(q: string): SearchMatch {
  const query = q.trim()
  const words = queryWords(query)
  if (words.length === 0) return { kind: 'substring', q: query, terms: [query] }
  return fulltext(query, words, new Map(), false)
}

const CJK = /^[\p{Script=Han}]$/u

/**
 * Query words as units that may hold a typo: a run of single Han characters is one unit (户藉 is cut into 户 and
 * 藉 because it is not a word), longer words are units of their own.
 */
function units(words: readonly QueryWord[]): QueryWord[] {
  const out: QueryWord[] = []
  let run: string[] = []
  const flush = () => {
    if (run.length === 1) out.push({ word: run[0] ?? '', parts: [] })
    else if (run.length > 1) out.push({ word: run.join(''), parts: run })
    run = []
  }
  for (const w of words) {
    if (CJK.test(w.word)) run.push(w.word)
    else {
      flush()
      out.push(w)
    }
  }
  flush()
  return out
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** Enough documents to prefer one correction over another. */
const CORRECTION_COUNT_CAP = 500

function countDocuments(db: Db, terms: readonly string[]): Promise<{ term: string; n: number }[]> {
  return Promise.all(
    terms.map(async (term) => {
      // Counting stops at CORRECTION_COUNT_CAP: a common word (营业, 28k documents) must not cost a full scan.
      const r = await sql<{ n: number }>`
        select count(*)::int as n from (select 1 from resource_search
          where document @@ ${lexeme(term)}::tsquery limit ${CORRECTION_COUNT_CAP}) c
      `.execute(db)
      return { term, n: r.rows[0]?.n ?? 0 }
    }),
  )
}

/**
 * Typo correction for a query that found nothing: each unit of 2–8 characters that is not a known word is
 * compared with the known words (names, org and field names) that differ in exactly one character; the
 * candidate found in the most documents wins (户藉 → 户籍). Chinese typos are mostly one wrong character of
 * the same sound or shape, so one substitution covers the common case; pg_trgm is not used because it
 * drops CJK characters when LC_CTYPE is C, and two-character words have too few trigrams anyway.
 */
export async function correctedMatch(db: Db, q: string): Promise<SearchMatch | null> {
  const query = q.trim()
  const all = units(queryWords(query))
  const candidates = all.filter((u) => {
    const n = [...u.word].length
    return n >= 2 && n <= 8
  })
  if (candidates.length === 0) return null
  const st = db.withTables<SearchTables>()
  const known = new Set(
    (
      await st
        .selectFrom('resourceSearchTerms')
        .select('term')
        .where(
          'term',
          'in',
          candidates.map((u) => u.word),
        )
        .execute()
    ).map((r) => r.term),
  )
  // A word the documents contain is not a typo even when no name or field name holds it (营业 in 营业执找):
  // correcting it would swap a right word for a frequent neighbour. One GIN probe per unknown unit says so.
  const inDocuments = await Promise.all(
    candidates
      .filter((u) => !known.has(u.word))
      .map(async (u) => {
        const r = await sql<{ one: number }>`select 1 as one from resource_search
          where document @@ ${lexeme(u.word)}::tsquery limit 1`.execute(db)
        return r.rows.length ? u.word : null
      }),
  )
  for (const w of inDocuments) if (w) known.add(w)
  const corrections = new Map<string, string[]>()
  for (const u of candidates) {
    if (known.has(u.word)) continue
    const chars = [...u.word]
    const patterns = chars.map((_, i) => {
      if (i === 0) {
        const reversed = chars.slice(1).reverse().map(likeEscape).join('')
        return sql<boolean>`reversed like ${`${reversed}_`}`
      }
      const p = [...chars.slice(0, i).map(likeEscape), '_', ...chars.slice(i + 1).map(likeEscape)].join('')
      return sql<boolean>`term like ${p}`
    })
    const found = await sql<{ term: string; occurrences: number }>`
      select term, occurrences from resource_search_terms where ${sql.join(patterns, sql` or `)}
      order by term limit 20
    `.execute(db)
    const options = found.rows.filter((r) => r.term !== u.word)
    if (options.length === 0) continue
    // The indexer's counts rank the options without touching the documents; only words known from before
    // those counts existed (all zero) are counted here.
    const counted = options.some((o) => o.occurrences > 0)
      ? options.map((o) => ({ term: o.term, n: o.occurrences }))
      : await countDocuments(
          db,
          options.map((o) => o.term),
        )
    const best = counted.filter((c) => c.n > 0).sort((a, b) => b.n - a.n || a.term.localeCompare(b.term))[0]
    if (best) corrections.set(u.word, [best.term])
  }
  if (corrections.size === 0) return null
  return fulltext(query, all, corrections, true)
}
