import { DataFactory, Writer } from 'n3'

/**
 * A tiny RDF graph model that the DCAT export builds once and writes twice: as JSON-LD (flattened @graph with an
 * inline @context, no remote context) and as Turtle (n3 Writer). One model keeps both serialisations identical.
 */
export type RdfObject =
  | { readonly iri: string }
  | { readonly value: string; readonly lang?: string; readonly datatype?: string }

export interface RdfNode {
  readonly id: string
  readonly types: readonly string[]
  readonly props: readonly (readonly [predicate: string, object: RdfObject])[]
}

export const PREFIXES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
} as const

type Prefix = keyof typeof PREFIXES

/** Expands `dcat:Dataset` to a full IRI; full IRIs pass through. */
export function expand(name: string): string {
  const i = name.indexOf(':')
  const prefix = name.slice(0, i) as Prefix
  return i > 0 && prefix in PREFIXES ? PREFIXES[prefix] + name.slice(i + 1) : name
}

export const iri = (value: string): RdfObject => ({ iri: value })
export const zh = (value: string): RdfObject => ({ value, lang: 'zh' })
export const plain = (value: string): RdfObject => ({ value })
export const typed = (value: string, datatype: string): RdfObject => ({ value, datatype })

export function toJsonLd(nodes: readonly RdfNode[]): Record<string, unknown> {
  const graph = nodes.map((n) => {
    const out: Record<string, unknown> = { '@id': n.id }
    if (n.types.length) out['@type'] = n.types
    for (const [p, o] of n.props) {
      const value =
        'iri' in o
          ? { '@id': o.iri }
          : o.lang
            ? { '@value': o.value, '@language': o.lang }
            : o.datatype
              ? { '@value': o.value, '@type': o.datatype }
              : { '@value': o.value }
      const existing = out[p]
      out[p] = existing === undefined ? [value] : [...(existing as unknown[]), value]
    }
    return out
  })
  return { '@context': { ...PREFIXES }, '@graph': graph }
}

export function toTurtle(nodes: readonly RdfNode[]): Promise<string> {
  const { namedNode, literal, quad } = DataFactory
  const writer = new Writer({ prefixes: { ...PREFIXES } })
  const rdfType = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type')
  for (const n of nodes) {
    const subject = namedNode(n.id)
    for (const type of n.types) writer.addQuad(quad(subject, rdfType, namedNode(expand(type))))
    for (const [p, o] of n.props) {
      const object =
        'iri' in o
          ? namedNode(o.iri)
          : literal(o.value, o.lang ?? (o.datatype ? namedNode(expand(o.datatype)) : undefined))
      writer.addQuad(quad(subject, namedNode(expand(p)), object))
    }
  }
  return new Promise((resolve, reject) =>
    writer.end((error, result: string) => (error ? reject(error) : resolve(result))),
  )
}
