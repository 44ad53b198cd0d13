const FULL_WIDTH_START = 0xff01
const FULL_WIDTH_END = 0xff5e
const FULL_TO_HALF_OFFSET = 0xfee0
const IDEOGRAPHIC_SPACE = '\u3000'

/**
 * Chinese input methods often leave the IME in full-width mode, so a code typed as `９１１１…Ｌ` must be read
 * as `9111…L`. Maps U+FF01–U+FF5E to ASCII, U+3000 to a space, then trims.
 */
export function normalizeFullWidth(s: string): string {
  let out = ''
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    if (cp >= FULL_WIDTH_START && cp <= FULL_WIDTH_END) out += String.fromCodePoint(cp - FULL_TO_HALF_OFFSET)
    else if (ch === IDEOGRAPHIC_SPACE) out += ' '
    else out += ch
  }
  return out.trim()
}
