import type { PDFDocument, PDFEmbeddedPage } from 'pdf-lib'

/**
 * A send's PDF attachments appended after each recipient's letter in the print batch: letter 1,
 * its attachments, letter 2, its attachments, … — one recipient per page range, so the print
 * service folds each range into one envelope. Each attachment page is embedded once (a form
 * XObject) and drawn on a fresh A4 page per recipient, so 1,000 letters with a 4-page notice
 * hold the notice's content once, not 1,000 times. A page that is not A4 is scaled to fit A4,
 * centred, never cropped. A PDF that cannot be read (damaged, encrypted) is not printed: the
 * letter names it as one to read in Kotipiha instead, and the batch never fails because of it.
 */
const A4: [number, number] = [595.28, 841.89]

export interface LetterAttachment {
  name: string
  /** The bytes of a PDF; null for other kinds of file (listed in the letter, not printed). */
  pdf: Uint8Array | null
}

export interface Appendix {
  /** Every attachment as the letter lists it: printed after it (with its pages) or in the portal. */
  lines: Array<{ name: string; pages: number | null }>
  /** The batch being built, holding each printable attachment page once. */
  out: PDFDocument
  pages: PDFEmbeddedPage[]
}

/** Reads and embeds the printable attachments first, so the letters can say which are printed. */
export async function loadAppendix(attachments: readonly LetterAttachment[]): Promise<Appendix> {
  const { PDFDocument } = await import('pdf-lib')
  const out = await PDFDocument.create()
  const lines: Appendix['lines'] = []
  const pages: PDFEmbeddedPage[] = []
  for (const a of attachments) {
    const embedded = a.pdf ? await embedAll(PDFDocument, out, a.pdf) : null
    if (embedded) pages.push(...embedded)
    lines.push({ name: a.name, pages: embedded ? embedded.length : null })
  }
  return { lines, out, pages }
}

async function embedAll(
  lib: typeof PDFDocument,
  out: PDFDocument,
  bytes: Uint8Array,
): Promise<PDFEmbeddedPage[] | null> {
  try {
    const doc = await lib.load(bytes)
    const embedded = doc.getPageCount() > 0 ? await out.embedPdf(doc, doc.getPageIndices()) : []
    return embedded.length > 0 ? embedded : null
  } catch {
    return null
  }
}

/** The letters (`starts`: each letter's first page) with the appendix after each one. */
export async function appendAfterEachLetter(
  letters: Uint8Array,
  starts: readonly number[],
  appendix: Appendix,
): Promise<{ pdf: Buffer; pages: number }> {
  const { PDFDocument } = await import('pdf-lib')
  const source = await PDFDocument.load(letters)
  const { out } = appendix
  out.setTitle(source.getTitle() ?? '')
  out.setAuthor(source.getAuthor() ?? '')
  // One copy of every letter page at once, so their shared fonts are copied once.
  const copied = await out.copyPages(source, source.getPageIndices())
  const bounds = [...starts, copied.length]
  for (let i = 0; i < starts.length; i++) {
    for (let p = bounds[i]!; p < bounds[i + 1]!; p++) out.addPage(copied[p]!)
    for (const page of appendix.pages) {
      const scale = Math.min(1, A4[0] / page.width, A4[1] / page.height)
      const width = page.width * scale
      const height = page.height * scale
      out.addPage(A4).drawPage(page, { x: (A4[0] - width) / 2, y: (A4[1] - height) / 2, width, height })
    }
  }
  return { pdf: Buffer.from(await out.save()), pages: out.getPageCount() }
}
