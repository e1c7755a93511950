import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import writeXlsxFile from 'write-excel-file/node'

/** Real files made by real libraries, so extraction is tested against what users upload. */
export async function makePdf(lines: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const page = pdf.addPage([595, 842])
  lines.forEach((line, i) => {
    page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font })
  })
  return pdf.save()
}

export async function makeDocx(paragraphs: string[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: paragraphs.map(
          (text) => new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun(text)] }),
        ),
      },
    ],
  })
  return new Uint8Array(await Packer.toBuffer(doc))
}

/** A workbook with one sheet per entry, rows of strings and numbers (write-excel-file). */
export async function makeXlsx(sheets: { name: string; rows: (string | number)[][] }[]): Promise<Uint8Array> {
  const buffer = await writeXlsxFile(
    sheets.map((s) => ({ sheet: s.name, data: s.rows.map((row) => row.map((value) => ({ value }))) })),
  ).toBuffer()
  return new Uint8Array(buffer)
}

/** Looks like a PDF to a sniffer, but is not one. */
export function corruptPdf(): Uint8Array {
  const garbage = new Uint8Array(64 * 1024)
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 251
  const head = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n')
  const out = new Uint8Array(head.length + garbage.length)
  out.set(head)
  out.set(garbage, head.length)
  return out
}

export async function eventually<T>(
  check: () => Promise<T>,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  // Generous by default: CI machines run many test files at once.
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000)
  let last: unknown
  for (;;) {
    try {
      return await check()
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline) throw last
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50))
  }
}

/** A random word of letters only, so every tokenizer splits it the same way. */
export function letters(prefix: string, length = 10): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz'
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  return prefix + Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}
