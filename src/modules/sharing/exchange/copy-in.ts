/**
 * COPY … FROM STDIN with the plain `pg` client: a minimal submittable (the protocol part pg-copy-streams
 * implements) for data already in memory. A chunk is one COPY inside the caller's transaction; COPY is several
 * times faster than multi-row INSERT for bulk rows. Values are PostgreSQL text, written in COPY's text format.
 */
import type pg from 'pg'

/** The bit of pg's Connection a submittable drives. */
interface CopyConnection {
  readonly stream?: { write(data: Buffer): boolean }
  query(text: string): void
  sendCopyFromChunk(chunk: Buffer): void
  endCopyFrom(): void
}

const PIECE = 1 << 20

class CopyIn {
  readonly text: string
  callback: ((err: Error | null) => void) | undefined
  readonly #payload: Buffer
  #error: Error | null = null
  #done = false

  constructor(text: string, payload: Buffer, callback: (err: Error | null) => void) {
    this.text = text
    this.#payload = payload
    this.callback = callback
  }

  #finish(err: Error | null): void {
    if (this.#done) return
    this.#done = true
    this.callback?.(err)
  }

  submit(connection: CopyConnection): void {
    connection.query(this.text)
  }

  handleCopyInResponse(connection: CopyConnection): void {
    // pg's sendCopyFromChunk copies every piece into a new message buffer; writing the 5-byte CopyData header
    // and the piece itself to the socket (as pg-copy-streams does) sends the same bytes without that copy.
    const stream = connection.stream
    for (let at = 0; at < this.#payload.length; at += PIECE) {
      const piece = this.#payload.subarray(at, at + PIECE)
      if (!stream) {
        connection.sendCopyFromChunk(piece)
        continue
      }
      const head = Buffer.allocUnsafe(5)
      head[0] = 0x64
      head.writeInt32BE(piece.length + 4, 1)
      stream.write(head)
      stream.write(piece)
    }
    connection.endCopyFrom()
  }

  handleError(err: Error): void {
    this.#error = err
    // pg drops an errored query before ReadyForQuery arrives, so this is the last call it gets.
    this.#finish(err)
  }

  handleReadyForQuery(): void {
    this.#finish(this.#error)
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs `copy <table> (<columns>) from stdin` with `payload` (COPY text format) on the client. */
export function copyIn(client: pg.Client, text: string, payload: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = new CopyIn(text, payload, (err) => (err ? reject(err) : resolve()))
    // The submittable interface is untyped in @types/pg; the client only calls the methods above.
    ;(client as unknown as { query(q: CopyIn): unknown }).query(query)
  })
}

// Backslash, tab, newline and carriage return are the characters COPY's text format escapes.
const SPECIAL = /[\\\t\n\r]/
const SPECIAL_ALL = /[\\\t\n\r]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

export function copyValue(value: string | null): string {
  if (value === null) return '\\N'
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c] ?? c) : value
}

/** Rows (text or null cells) as COPY text: tab-separated, one line each. */
export function copyPayload(rows: readonly (readonly (string | null)[])[]): Buffer {
  const lines: string[] = new Array(rows.length)
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as readonly (string | null)[]
    let line = ''
    for (let c = 0; c < row.length; c++) line += (c ? '\t' : '') + copyValue(row[c] ?? null)
    lines[r] = line
  }
  return Buffer.from(lines.length ? `${lines.join('\n')}\n` : '', 'utf8')
}

const UNESCAPE: Record<string, string> = { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v', '\\': '\\' }

/** A COPY text field as its value (null for \N). */
export function fromCopy(field: string): string | null {
  if (field === '\\N') return null
  return field.includes('\\') ? field.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c) : field
}

/**
 * COPY text rows cut to the first `width` fields, with `transform` applied to some of them (masking). Only the
 * fields up to the last transformed one are split out; the rest of a line is copied as it is. Rows that need
 * neither come back as the same buffer.
 */
export function reshapeCopy(
  text: Buffer,
  width: number,
  transform: readonly (readonly [number, (value: string) => string])[],
): Buffer {
  const s = text.toString('utf8')
  const touched = transform.reduce((m, [i]) => Math.max(m, i + 1), 0)
  const out: string[] = []
  let changed = false
  for (let pos = 0; pos < s.length; ) {
    let end = s.indexOf('\n', pos)
    if (end === -1) end = s.length
    // Cut after `width` fields (sort-key columns appended for the keyset are not delivered).
    let cut = pos
    for (let f = 0; f < width && cut !== -1 && cut <= end; f++) cut = s.indexOf('\t', f === 0 ? pos : cut + 1)
    const lineEnd = cut !== -1 && cut < end ? cut : end
    if (lineEnd !== end) changed = true
    if (touched === 0) {
      out.push(s.slice(pos, lineEnd))
    } else {
      const fields: string[] = []
      let start = pos
      for (let f = 0; f < touched && start <= lineEnd; f++) {
        const tab = s.indexOf('\t', start)
        const stop = tab === -1 || tab > lineEnd ? lineEnd : tab
        fields.push(s.slice(start, stop))
        start = stop + 1
      }
      for (const [i, fn] of transform) {
        const v = fromCopy(fields[i] ?? '\\N')
        if (v !== null) fields[i] = copyValue(fn(v))
      }
      out.push(start <= lineEnd ? `${fields.join('\t')}\t${s.slice(start, lineEnd)}` : fields.join('\t'))
      changed = true
    }
    pos = end + 1
  }
  return changed ? Buffer.from(out.length ? `${out.join('\n')}\n` : '', 'utf8') : text
}
