import { Fragment } from 'react'

const HIT = { fontStyle: 'normal', color: '#cf1322', background: '#fff7e6' } as const

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
  '#x27': "'",
}

function decode(text: string): string {
  return text.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    const known = ENTITIES[name.toLowerCase()]
    if (known) return known
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16))
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10))
    return whole
  })
}

/**
 * Renders a server highlight (`<em>` around matches, the rest HTML-escaped) without innerHTML: only `<em>` becomes
 * markup, any other tag-like text is shown literally. Falls back to `plain` when there is no highlight.
 */
export default function Highlight({ html, plain }: { html?: string | null; plain: string }) {
  if (!html) return <>{plain}</>
  const parts = html.split(/(<em>|<\/em>)/i)
  let inside = false
  const out: { text: string; em: boolean }[] = []
  for (const part of parts) {
    if (/^<em>$/i.test(part)) inside = true
    else if (/^<\/em>$/i.test(part)) inside = false
    else if (part) out.push({ text: decode(part), em: inside })
  }
  return (
    <>
      {out.map((seg, i) =>
        seg.em ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments never reorder
          <em key={i} style={HIT}>
            {seg.text}
          </em>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments never reorder
          <Fragment key={i}>{seg.text}</Fragment>
        ),
      )}
    </>
  )
}
