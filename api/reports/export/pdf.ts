import type { Readable } from 'node:stream'
import type PDFDocument from 'pdfkit'
import { seriesLegend } from '../../../schema/reports/chart.ts'
import { filterText, type ReportResult, type Section } from '../../../schema/reports/common.ts'
import { formatCell } from '../../../schema/reports/format.ts'
import { REPORT_TEXTS } from '../../../schema/reports/i18n/index.ts'
import type { Language } from '../../../schema/roles.ts'
import { chartSvg } from './chartSvg.ts'

/**
 * A report as an A4 PDF (pdfkit): the organisation's name, the report, the filters and the date on
 * top, the page's chart drawn from the same Plot SVG (svg-to-pdfkit) with its legend, then every
 * section's table with its totals, header repeated on each page, page numbers at the foot. Built-in
 * Helvetica (WinAnsi): the few characters outside it are replaced (`clean`).
 */
const MARGIN = 48
const PDF_ROW_LIMIT = 3000

const clean = (s: string) =>
  s
    .replace(/\u2212/g, '-')
    .replace(/[\u202f\u2009]/g, ' ')
    .replace(/\u2264/g, '<=')
    .replace(/\u2265/g, '>=')

export async function reportPdf(result: ReportResult, lang: Language): Promise<Readable> {
  // Loaded at the first report PDF (and svg-to-pdfkit with a chart): heavy imports that every API
  // start and test file paid for.
  const { default: PDFKit } = await import('pdfkit')
  const texts = REPORT_TEXTS[lang]
  const doc = new PDFKit({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${texts.title[result.report]} – ${result.org.name}`, Author: 'Kotipiha' },
  })
  const width = doc.page.width - 2 * MARGIN
  doc.font('Helvetica-Bold').fontSize(16).fillColor('#000').text(clean(result.org.name))
  doc.fontSize(13).text(clean(texts.title[result.report]))
  doc.font('Helvetica').fontSize(9).fillColor('#333')
  const filters = Object.entries(result.filters).map(
    ([k, v]) => `${(texts.filter as Record<string, string>)[k] ?? k}: ${filterText(result, k, v)}`,
  )
  if (result.scope === 'own') filters.push(`${texts.filter.scope}: ${texts.filter.own}`)
  if (filters.length > 0) doc.text(clean(`${texts.pdf.filters}: ${filters.join(', ')}`))
  doc.text(clean(`${texts.pdf.generated}: ${result.generatedAt.slice(0, 16).replace('T', ' ')} UTC`))
  doc.moveDown(0.8)

  if (result.chart && result.chart.data.length > 0) {
    const { svg, height } = await chartSvg(result.chart, lang, Math.round(width))
    const { default: SVGtoPDF } = await import('svg-to-pdfkit')
    const top = doc.y
    SVGtoPDF(doc, svg, MARGIN, top, { width, height, assumePt: true })
    doc.y = top + height + 6
    doc.x = MARGIN
    let x = MARGIN
    for (const item of seriesLegend(result.chart, lang)) {
      const label = clean(item.label)
      doc.rect(x, doc.y + 1, 9, 9).fill(item.color)
      doc
        .fillColor('#1a1a1a')
        .fontSize(9)
        .text(label, x + 13, doc.y, { lineBreak: false })
      x += 13 + doc.widthOfString(label) + 16
    }
    doc.x = MARGIN
    doc.moveDown(1.5)
  }
  for (const section of result.sections) table(doc, section, lang, width)

  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    // The number sits in the bottom margin: with the margin in force pdfkit would start a new page
    // for it (every page was followed by an empty one carrying the previous page's number).
    const bottomMargin = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc
      .fontSize(8)
      .fillColor('#555')
      .text(texts.pdf.page.replace('{{ page }}', String(i + 1)), MARGIN, doc.page.height - MARGIN + 16, {
        width,
        align: 'right',
        lineBreak: false,
      })
    doc.page.margins.bottom = bottomMargin
  }
  doc.end()
  return doc as unknown as Readable
}

type Doc = InstanceType<typeof PDFDocument>

function table(doc: Doc, section: Section, lang: Language, width: number) {
  const texts = REPORT_TEXTS[lang]
  const cols = section.columns
  // Text columns get twice the room of number columns, dates and months half as much again (a
  // date in a number column's width broke as "20.11.202 / 6").
  const weights = cols.map((c) => (c.kind === 'text' ? 2 : c.kind === 'date' || c.kind === 'month' ? 1.5 : 1))
  const unit = width / weights.reduce((a, b) => a + b, 0)
  const widths = weights.map((w) => w * unit)
  const bottom = () => doc.page.height - MARGIN - 14
  const header = cols.map((c) => clean((texts.col as Record<string, string>)[c.label] ?? c.label))
  const line = (cells: string[], bold: boolean, shade: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8)
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 4 }))) + 4
    if (doc.y + h > bottom()) {
      doc.addPage()
      doc.y = MARGIN
      // A table that runs on repeats its header on the new page.
      if (cells !== header) line(header, true, true)
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8)
    }
    const y = doc.y
    if (shade) doc.rect(MARGIN, y, width, h).fill('#eef1f5')
    let x = MARGIN
    cells.forEach((cell, i) => {
      const numeric =
        i > 0 && cols[i]!.kind !== 'text' && cols[i]!.kind !== 'month' && cols[i]!.kind !== 'date'
      doc
        .fillColor('#111')
        .text(cell, x + 2, y + 2, { width: widths[i]! - 4, align: numeric ? 'right' : 'left' })
      x += widths[i]!
    })
    doc.y = y + h
  }
  if (doc.y + 60 > bottom()) {
    doc.addPage()
    doc.y = MARGIN
  }
  doc.x = MARGIN
  doc.font('Helvetica-Bold').fontSize(11).fillColor('#000')
  doc.text(clean((texts.section as Record<string, string>)[section.id] ?? section.id), MARGIN, doc.y)
  doc.moveDown(0.3)
  line(header, true, true)
  if (section.rows.length === 0)
    line(
      [section.empty ? texts.none[section.empty] : texts.pdf.noRows, ...cols.slice(1).map(() => '')],
      false,
      false,
    )
  for (const row of section.rows.slice(0, PDF_ROW_LIMIT)) {
    line(
      cols.map((c) => clean(formatCell(c, row[c.key] ?? null, lang, 'screen'))),
      false,
      false,
    )
  }
  // An empty table has nothing to total ("No rows", then "Total 0", said nothing).
  if (section.rows.length > 0 && Object.keys(section.totals).length > 0) {
    line(
      cols.map((c, i) =>
        i === 0
          ? texts.pdf.total
          : c.key in section.totals
            ? clean(formatCell(c, section.totals[c.key]!, lang, 'screen'))
            : '',
      ),
      true,
      true,
    )
  }
  if (section.truncated || section.rows.length > PDF_ROW_LIMIT) {
    doc
      .font('Helvetica-Oblique')
      .fontSize(8)
      .text(clean(texts.pdf.truncated), MARGIN, doc.y + 2)
  }
  doc.moveDown(1)
  doc.x = MARGIN
}
