/**
 * Highlights for search results: the matched words wrapped in <em>, everything else HTML-escaped, so the web can
 * render the string as HTML without trusting catalog text.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A matcher for the query's terms, longest first so that 营业执照 wins over 营业. */
export function termPattern(terms: readonly string[]): RegExp | null {
  const usable = [...new Set(terms.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length)
  return usable.length ? new RegExp(usable.map(escapeRegExp).join('|'), 'giu') : null
}

/** The text with matches in <em>, or null when nothing matches. */
export function highlight(text: string, pattern: RegExp | null): string | null {
  if (!pattern || !text) return null
  let out = ''
  let last = 0
  let open = false
  for (const m of text.matchAll(pattern)) {
    const start = m.index
    if (start > last) {
      if (open) out += '</em>'
      open = false
      out += escapeHtml(text.slice(last, start))
    }
    if (!open) out += '<em>'
    open = true
    out += escapeHtml(m[0])
    last = start + m[0].length
  }
  if (last === 0 && !open) return null
  if (open) out += '</em>'
  return out + escapeHtml(text.slice(last))
}

/** Like highlight, but a long text is cut to a window around its first match. */
export function snippet(text: string, pattern: RegExp | null, size = 160): string | null {
  if (!pattern) return null
  pattern.lastIndex = 0
  const first = pattern.exec(text)
  pattern.lastIndex = 0
  if (!first) return null
  if (text.length <= size) return highlight(text, pattern)
  const start = Math.max(0, first.index - Math.floor(size / 4))
  const end = Math.min(text.length, Math.max(start + size, first.index + first[0].length))
  const body = highlight(text.slice(start, end), pattern) ?? escapeHtml(text.slice(start, end))
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`
}

export interface Highlights {
  name?: string
  summary?: string
  fields?: string[]
}

/** Highlights of one resource; only the parts that match are present. */
export function highlightsOf(
  resource: { name: string; summary: string },
  fieldNames: readonly string[],
  pattern: RegExp | null,
  maxFields = 5,
): Highlights {
  const out: Highlights = {}
  const name = highlight(resource.name, pattern)
  if (name) out.name = name
  const summary = snippet(resource.summary, pattern)
  if (summary) out.summary = summary
  const fields: string[] = []
  for (const f of fieldNames) {
    if (fields.length >= maxFields) break
    const h = highlight(f, pattern)
    if (h) fields.push(h)
  }
  if (fields.length) out.fields = fields
  return out
}
