import type { InvoiceItem } from '../../../schema/api/finance.ts'
import { formatIban } from '../../../schema/finance/iban.ts'
import { formatReference } from '../../../schema/finance/reference.ts'
import type { Language } from '../../../schema/roles.ts'
import { virtualBarcode } from './barcode.ts'
import { INVOICE_PDF_TEXTS } from './texts.ts'

export interface InvoicePdfInput {
  invoice: InvoiceItem
  cooperative: { name: string; businessId: string | null; address: string }
  apartment: { number: string; building: string }
  lang: Language
}

const LOCALE: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-FI' }

/** One invoice as an A4 PDF (pdfkit, built-in Helvetica: Latin-1 covers ä, ö, å and €). */
export async function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  // Loaded at the first invoice PDF: a heavy import that every API start and test file paid for.
  const { default: PDFDocument } = await import('pdfkit')
  const { invoice, cooperative, apartment, lang } = input
  const t = INVOICE_PDF_TEXTS[lang]
  const money = (cents: number) =>
    new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency: 'EUR' }).format(cents / 100)
  const date = (iso: string) =>
    new Intl.DateTimeFormat(LOCALE[lang], { timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`))
  const month = new Intl.DateTimeFormat(LOCALE[lang], {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${invoice.period}T00:00:00Z`))

  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${t.title} ${formatReference(invoice.reference)}`, Author: cooperative.name },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  // Sender block and title.
  doc.font('Helvetica-Bold').fontSize(16).text(cooperative.name, 56, 56)
  doc.font('Helvetica').fontSize(10).fillColor('#333')
  if (cooperative.address) doc.text(cooperative.address)
  if (cooperative.businessId) doc.text(`${t.businessId} ${cooperative.businessId}`)
  doc
    .font('Helvetica-Bold')
    .fontSize(22)
    .fillColor('#000')
    .text(t.title, 380, 56, { width: 160, align: 'right' })

  // Recipient and facts.
  const facts: [string, string][] = [
    [t.payer, invoice.payerName || '—'],
    [t.apartment, `${apartment.number}`],
    [t.period, `${t.kinds[invoice.kind]}, ${month}`],
    [t.issued, date(invoice.issuedOn)],
    [t.due, date(invoice.dueDate)],
    [t.reference, formatReference(invoice.reference)],
    [t.iban, formatIban(invoice.iban)],
  ]
  let y = 150
  for (const [label, value] of facts) {
    doc.font('Helvetica').fontSize(10).fillColor('#555').text(label, 56, y, { width: 170 })
    doc.font('Helvetica-Bold').fillColor('#000').text(value, 230, y, { width: 310 })
    y += 20
  }
  if (invoice.description) {
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#333')
      .text(invoice.description, 56, y + 6, { width: 484 })
    y = doc.y + 6
  }

  // Amounts.
  y += 20
  doc.moveTo(56, y).lineTo(540, y).strokeColor('#999').stroke()
  y += 10
  const rows: [string, string, boolean][] = [
    [t.amount, money(invoice.amountCents), true],
    ...(invoice.vatCents > 0 ? [[t.vat, money(invoice.vatCents), false] as [string, string, boolean]] : []),
    ...(invoice.creditedCents > 0
      ? [[t.credited, `− ${money(invoice.creditedCents)}`, false] as [string, string, boolean]]
      : []),
    ...(invoice.paidCents > 0
      ? [[t.paid, `− ${money(invoice.paidCents)}`, false] as [string, string, boolean]]
      : []),
    [t.open, money(invoice.openCents), true],
  ]
  for (const [label, value, bold] of rows) {
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(bold ? 12 : 10)
      .fillColor('#000')
    doc.text(label, 300, y, { width: 120 })
    doc.text(value, 420, y, { width: 120, align: 'right' })
    y += bold ? 22 : 18
  }

  // The bank giro strip.
  y = Math.max(y + 30, 560)
  doc.rect(56, y, 484, 110).strokeColor('#000').lineWidth(1).stroke()
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#555')
    .text(t.iban, 66, y + 10)
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor('#000')
    .text(formatIban(invoice.iban), 66, y + 22)
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#555')
    .text(t.reference, 300, y + 10)
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor('#000')
    .text(formatReference(invoice.reference), 300, y + 22)
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#555')
    .text(t.due, 66, y + 48)
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor('#000')
    .text(date(invoice.dueDate), 66, y + 60)
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#555')
    .text(t.open, 300, y + 48)
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor('#000')
    .text(money(invoice.openCents), 300, y + 60)
  const code = virtualBarcode({
    iban: invoice.iban,
    cents: invoice.openCents,
    reference: invoice.reference,
    dueDate: invoice.dueDate,
  })
  if (code) {
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor('#555')
      .text(`${t.barcode}: ${code}`, 66, y + 88, { width: 464 })
  }
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#555')
    .text(t.footer, 56, y + 130, { width: 484 })
  doc.end()
  return done
}
