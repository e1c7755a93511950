import { appendAfterEachLetter, type LetterAttachment, loadAppendix } from './letterAppendix.ts'
import { textsFor } from './texts.ts'

/**
 * One print-ready PDF for all letters of a send: A4 pages, each recipient on their own page range
 * (a new sheet starts every letter, so a print service can split and fold them), the address in the
 * window of a Finnish C5 window envelope (SFS 2487 position: 20 mm from the left, 45 mm from the
 * top, 90 × 35 mm) with the sender's return line just above it. Built-in Helvetica covers
 * Latin-1 (ä, ö, å, €); text is drawn as text, never interpreted as markup. The send's attachments
 * are listed under the text and its PDFs appended after each letter (letterAppendix.ts).
 */
export interface Letter {
  address: string[]
  language: string
}
export interface LetterBatchInput {
  sender: string
  subject: string
  body: string
  date: Date
  letters: readonly Letter[]
  /** The send's files: PDFs are printed after each letter, the rest named as in the portal. */
  attachments?: readonly LetterAttachment[]
}

const MM = 72 / 25.4
export const WINDOW = { x: 20 * MM, y: 45 * MM, width: 90 * MM, height: 35 * MM }
const MARGIN = 20 * MM

export async function renderLetterBatch(input: LetterBatchInput): Promise<{ pdf: Buffer; pages: number }> {
  // Loaded at the first batch: pdfkit is a heavy import that most processes (and every API test
  // file) never use.
  const { default: PDFDocument } = await import('pdfkit')
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: 25 * MM, right: 20 * MM },
    autoFirstPage: false,
    bufferPages: false,
    info: { Title: input.subject, Author: input.sender },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  let pages = 0
  doc.on('pageAdded', () => {
    pages++
  })
  const appendix = input.attachments?.length ? await loadAppendix(input.attachments) : null
  /** Each letter's first page, where its range starts (the appendix goes before the next one). */
  const starts: number[] = []
  const width = doc.page ? doc.page.width : 595.28
  for (const letter of input.letters) {
    const t = textsFor(letter.language)
    starts.push(pages)
    doc.addPage()
    // Return line and address: inside the envelope window.
    doc.font('Helvetica').fontSize(7).fillColor('#444')
    doc.text(input.sender, WINDOW.x, WINDOW.y - 5 * MM, { width: WINDOW.width, lineBreak: false })
    doc.font('Helvetica').fontSize(11).fillColor('#000')
    doc.text(letter.address.join('\n'), WINDOW.x, WINDOW.y + 2 * MM, {
      width: WINDOW.width,
      height: WINDOW.height - 2 * MM,
      ellipsis: true,
    })
    // Sender and date at the top right, outside the window.
    const date = new Intl.DateTimeFormat(t.locale, { timeZone: 'Europe/Helsinki' }).format(input.date)
    doc.fontSize(10).text(`${t.sentBy}: ${input.sender}`, 120 * MM, 20 * MM, { width: 70 * MM })
    doc.text(date, 120 * MM, doc.y + 2, { width: 70 * MM })
    // Subject and body below the window; pdfkit adds pages as the text flows.
    doc
      .font('Helvetica-Bold')
      .fontSize(13)
      .text(input.subject, 25 * MM, 95 * MM, { width: width - 45 * MM })
    doc.moveDown(0.8)
    doc
      .font('Helvetica')
      .fontSize(11)
      .text(input.body, { width: width - 45 * MM, lineGap: 2 })
    if (appendix) {
      doc
        .moveDown(1)
        .font('Helvetica-Bold')
        .text(t.attachments, { width: width - 45 * MM })
      doc.font('Helvetica')
      for (const line of appendix.lines) {
        const where = line.pages === null ? t.inPortal : t.appended(line.pages)
        doc.text(`${line.name} (${where})`, { width: width - 45 * MM, lineGap: 2 })
      }
    }
  }
  doc.end()
  const letters = await done
  if (!appendix || appendix.pages.length === 0) return { pdf: letters, pages }
  return appendAfterEachLetter(letters, starts, appendix)
}
