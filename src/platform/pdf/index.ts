/**
 * PDF documents (certificates, reports) need a font with Chinese glyphs; pdfkit ships none. We use a system
 * CJK font (Debian: fonts-wqy-microhei or fonts-noto-cjk) or the file named by PDF_FONT_PATH, and say clearly
 * when there is none instead of printing empty boxes.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'

export interface CjkFont {
  readonly path: string
  /** For collections (.ttc): the face to use. */
  readonly family?: string
}

const CANDIDATES: readonly CjkFont[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' },
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'MicrosoftYaHei' },
]

const require = createRequire(import.meta.url)

/** The configured font when given (first face of a collection unless `path#Family`), else the first installed one. */
export function findCjkFont(configured?: string): CjkFont | null {
  if (configured) {
    const [path = '', family] = configured.split('#')
    if (!existsSync(path)) return null
    return family ? { path, family } : firstFace(path)
  }
  return CANDIDATES.find((f) => existsSync(f.path)) ?? null
}

function firstFace(path: string): CjkFont {
  if (!/\.ttc$/i.test(path)) return { path }
  const fontkit = require('fontkit') as { openSync(p: string): { fonts?: { postscriptName: string }[] } }
  const name = fontkit.openSync(path).fonts?.[0]?.postscriptName
  return name ? { path, family: name } : { path }
}

/** A new A4 document already set to the CJK font. */
export function cjkDocument(font: CjkFont, options: PDFKit.PDFDocumentOptions = {}): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', margin: 56, ...options })
  doc.registerFont('cjk', font.path, font.family)
  doc.font('cjk')
  return doc
}

/** Collects a finished document into one buffer (certificates and reports are small). */
export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.end()
  })
}
