/**
 * A first, simple masking of personal data in previews. A field is recognised by its code, name or standard
 * data element; governance will replace this with graded, rule-driven masking.
 */

export type MaskKind = 'id_number' | 'phone' | 'person_name' | 'address'

export interface MaskableField {
  readonly code: string
  readonly name: string
  readonly elementCode?: string | null
}

const RULES: readonly (readonly [MaskKind, RegExp])[] = [
  ['id_number', /公民身份号码|身份证|^sfzh$|sfzhm|id_?number|id_?card|id_?no$|identity_?(no|number)/i],
  ['phone', /手机|电话|联系方式|mobile|phone|^sjhm?$|^lxdh$|^tel$|telephone/i],
  ['person_name', /姓名|^xm$|^name$|^(full|person|real)_?name$|^xingming$/i],
  ['address', /地址|住址|address|^addr$|^dz$|^hjdz$|^zz$/i],
]

/** Which kind of personal data a field holds, if any. */
export function maskKind(field: MaskableField): MaskKind | null {
  for (const [kind, re] of RULES) {
    if (re.test(field.code) || re.test(field.name) || (field.elementCode && re.test(field.elementCode)))
      return kind
  }
  return null
}

const stars = (n: number) => '*'.repeat(Math.max(0, n))

/** Keeps the first `head` and last `tail` characters; hides the rest. */
function keepEnds(chars: string[], head: number, tail: number): string {
  if (chars.length <= head + tail) return stars(chars.length)
  return chars.slice(0, head).join('') + stars(chars.length - head - tail) + chars.slice(-tail).join('')
}

export function maskValue(kind: MaskKind, value: string): string {
  const chars = [...value]
  if (chars.length === 0) return value
  switch (kind) {
    case 'id_number':
      // 430302********1234: region of issue and the last four stay; birth date and sequence go.
      return keepEnds(chars, 6, 4)
    case 'phone': {
      // 138****5678: the middle four digits.
      if (chars.length < 7) return stars(chars.length)
      const from = chars.length === 11 ? 3 : Math.floor((chars.length - 4) / 2)
      return `${chars.slice(0, from).join('')}****${chars.slice(from + 4).join('')}`
    }
    case 'person_name':
      // 张三 → 张*, 欧阳娜娜 → 欧***.
      return chars[0] + stars(chars.length - 1)
    case 'address': {
      // Up to the district or county: 湖南省湘潭市雨湖区韶山西路 1 号 → 湖南省湘潭市雨湖区****.
      const text = chars.join('')
      const m = /^.*?(?:区|县|旗)/.exec(text)
      if (m && m[0].length < text.length) return `${m[0]}****`
      if (m) return m[0]
      return `${chars.slice(0, Math.min(6, Math.ceil(chars.length / 2))).join('')}****`
    }
  }
}

/**
 * Masks the sensitive columns of preview rows in place of a copy; returns the rows and the masked codes.
 * Numbers (a phone stored as an integer) are masked as text.
 */
export function maskRows<V>(
  fields: readonly MaskableField[],
  rows: readonly Record<string, V | string>[],
): { rows: Record<string, V | string>[]; masked: string[] } {
  const kinds = fields.flatMap((f) => {
    const kind = maskKind(f)
    return kind ? [[f.code, kind] as const] : []
  })
  const out = rows.map((row) => {
    const copy: Record<string, V | string> = { ...row }
    for (const [code, kind] of kinds) {
      const v = copy[code]
      if (v === null || v === undefined || typeof v === 'boolean') continue
      copy[code] = maskValue(kind, String(v))
    }
    return copy
  })
  return { rows: out, masked: kinds.map(([code]) => code) }
}
