import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'

/**
 * Chinese word segmentation for catalog search. `new Jieba()` in @node-rs/jieba 2.0.2 starts with an EMPTY
 * dictionary (every character becomes a word), so the default dictionary is loaded explicitly; loading takes
 * ~200 ms and ~50 MB, hence once per process and only when search is first used.
 */
let jieba: Jieba | undefined
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict)
  return jieba
}

/** Longest word kept in the index; longer runs (hashes, URLs) are cut so a lexeme stays well below 2 KB. */
const MAX_WORD = 60

/** Function words that would only make an AND query stricter without saying anything about the subject. */
const STOP = new Set([
  '的',
  '和',
  '与',
  '及',
  '或',
  '等',
  '之',
  '了',
  '在',
  '是',
  '对',
  '含',
  '由',
  '为',
  '其',
])

const WORDY = /[\p{L}\p{N}]/u

function clean(words: readonly string[]): string[] {
  const out: string[] = []
  for (const raw of words) {
    const w = raw.trim().toLowerCase()
    if (w && WORDY.test(w)) out.push(w.length > MAX_WORD ? w.slice(0, MAX_WORD) : w)
  }
  return out
}

/**
 * Words of a text for the index, in order: search mode (whole words plus the dictionary words inside them, so
 * 营业执照 is found by 执照) without HMM, so that unknown words fall apart into the same single characters
 * a query falls apart into.
 */
export function indexWords(text: string): string[] {
  if (!text) return []
  return clean(segmenter().cutForSearch(text, false))
}

/** One query word and the dictionary words inside it, any of which may stand in for it. */
export interface QueryWord {
  word: string
  parts: string[]
}

/**
 * Whether the parts together cover every character of the word. Search mode leaves out single characters
 * (水资源 → 资源 only), and standing in for 水资源 with 资源 alone would turn a precise query into a broad one
 * (19k hits instead of 1.5k on the benchmark catalog).
 */
function covers(word: string, parts: readonly string[]): boolean {
  if (parts.length === 0) return false
  const chars = [...word]
  const covered = new Array<boolean>(chars.length).fill(false)
  for (const part of parts) {
    const len = [...part].length
    for (let i = 0; i + len <= chars.length; i++) {
      if (chars.slice(i, i + len).join('') === part) covered.fill(true, i, i + len)
    }
  }
  return covered.every(Boolean)
}

/** Words of a query: precise mode (no HMM), stop words dropped, each with its search-mode parts. */
export function queryWords(q: string): QueryWord[] {
  const jb = segmenter()
  const seen = new Set<string>()
  const out: QueryWord[] = []
  for (const word of clean(jb.cut(q, false))) {
    if (STOP.has(word) || seen.has(word)) continue
    seen.add(word)
    const parts = word.length > 2 ? clean(jb.cutForSearch(word, false)).filter((p) => p !== word) : []
    out.push({ word, parts: covers(word, parts) ? [...new Set(parts)] : [] })
  }
  return out
}

/** A lexeme quoted for tsvector/tsquery input: no parser runs on it, so CJK works under any LC_CTYPE. */
export function lexeme(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

const WEIGHTS = ['A', 'B', 'C', 'D'] as const
export type Weight = (typeof WEIGHTS)[number]

/** PostgreSQL keeps positions up to 16383. */
const MAX_POSITION = 16_383
/** Gap between texts so that a cover (ts_rank_cd) never spans a name and an unrelated field name. */
const GAP = 8

const HAN_RUN = /\p{Script=Han}+/gu

/**
 * Character bigrams of the Han runs of a text (气象观测站点 → 气象 象观 观测 测站 站点). jieba cuts a text
 * differently in different contexts (观测站点 alone is 观测站/点, inside 气象观测站点 it is 气象观测/站点), so
 * words alone miss substrings; bigrams find any substring of two characters or more, words keep ranking sharp.
 */
export function bigrams(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(HAN_RUN)) {
    const chars = [...m[0]]
    for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`)
  }
  return out
}

/**
 * Builds tsvector input text from weighted texts: each text's words, then its bigrams. Lexemes and positions are
 * computed here, so the database needs no Chinese parser and both engines store exactly the same document.
 */
export function tsvectorText(sections: readonly { weight: Weight; texts: readonly string[] }[]): string {
  const positions = new Map<string, string[]>()
  let pos = 1
  const add = (word: string, weight: Weight) => {
    let list = positions.get(word)
    if (!list) {
      list = []
      positions.set(word, list)
    }
    // tsvector keeps at most 256 positions per lexeme; past 16383 every position is 16383.
    if (list.length < 256) list.push(`${Math.min(pos, MAX_POSITION)}${weight}`)
    pos += 1
  }
  for (const { weight, texts } of sections) {
    for (const text of texts) {
      const words = indexWords(text)
      for (const word of words) add(word, weight)
      pos += 1
      // A bigram that is also a word of this text (户籍) is indexed already.
      const known = new Set(words)
      for (const pair of bigrams(text)) if (!known.has(pair)) add(pair, weight)
      pos += GAP
    }
  }
  return [...positions].map(([word, list]) => `${lexeme(word)}:${list.join(',')}`).join(' ')
}

/**
 * The terms of the query as Han bigrams (all must occur) and its other words as prefixes; empty when it has
 * none. `weights` (e.g. 'A') restricts every lexeme to those weights.
 */
function bigramTerms(q: string, weights: string): string[] {
  const parts: string[] = []
  for (const m of q.matchAll(HAN_RUN)) {
    const run = m[0]
    if ([...run].length === 1) {
      if (!STOP.has(run)) parts.push(`${lexeme(run)}:*${weights}`)
    } else
      for (const pair of new Set(bigrams(run))) parts.push(`${lexeme(pair)}${weights ? `:${weights}` : ''}`)
  }
  for (const w of clean(segmenter().cut(q.replace(HAN_RUN, ' '), false)))
    parts.push(`${lexeme(w)}:*${weights}`)
  return parts
}

/** The same query as Han bigrams (all must occur) and its other words as prefixes; null when it has none. */
export function bigramQueryText(q: string, weights = ''): string | null {
  const parts = bigramTerms(q, weights)
  return parts.length ? parts.join(' & ') : null
}

/**
 * tsquery text: every query word must match (as a prefix), either itself or all its parts, and a word may also
 * be replaced by a known correction (typos). Or else all the bigrams of the query must occur.
 */
export function tsqueryText(
  words: readonly QueryWord[],
  corrections: ReadonlyMap<string, string[]> = new Map(),
  q?: string,
  weights = '',
) {
  const pairTerms = q === undefined ? [] : bigramTerms(q, weights)
  // A query of one two-character word has the word as its only bigram: no need to say it twice.
  const redundant =
    words.length === 1 && pairTerms.length === 1 && pairTerms[0] === lexeme(words[0]?.word ?? '')
  // Prefix matching (':*') walks every index key that starts with the word: '人':* or '统一':* expand to thousands
  // of keys and cost a GIN scan 4× more. When the bigram alternative is there, it already finds a Han word
  // inside longer words (every Han bigram of a text is indexed), so Han words are matched as themselves.
  const pairs = pairTerms.length > 0 && !redundant
  const solo = words.length === 1 && (words[0]?.parts.length ?? 0) === 0
  const term = (w: string) =>
    (pairs || !solo) && /^\p{Script=Han}+$/u.test(w) && (pairs || [...w].length === 1)
      ? `${lexeme(w)}${weights ? `:${weights}` : ''}`
      : `${lexeme(w)}:*${weights}`
  // Each word: its alternatives, each a set of terms that must all occur.
  const alternatives = words.map(({ word, parts }) => [
    [term(word)],
    ...(parts.length ? [parts.map(term)] : []),
    ...(corrections.get(word) ?? []).map((c) => [`${lexeme(c)}:*${weights}`]),
  ])
  const byWords = alternatives
    .map((options) => {
      const texts = options.map((o) => (o.length === 1 ? (o[0] ?? '') : `(${o.join(' & ')})`))
      return texts.length === 1 ? texts[0] : `(${texts.join(' | ')})`
    })
    .join(' & ')
  if (!pairs) return byWords
  // When every word has an alternative made only of bigram terms, any document with all the bigrams matches
  // the words too: the bigram alternative adds nothing but index entries and work (户籍人口, 不动产登记).
  const have = new Set(pairTerms)
  const implied = alternatives.every((options) => options.some((o) => o.every((t) => have.has(t))))
  return implied ? byWords : `(${byWords}) | (${pairTerms.join(' & ')})`
}
