import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import { filterText, type ReportResult, type Row } from '../../../schema/reports/common.ts'
import { csvDelimiter, formatCell } from '../../../schema/reports/format.ts'
import { REPORT_TEXTS } from '../../../schema/reports/i18n/index.ts'
import type { Language } from '../../../schema/roles.ts'

/**
 * A report as CSV for a spreadsheet (csv-stringify): UTF-8 with a BOM so Excel reads ä and ö, `;`
 * and a decimal comma in Finnish and Swedish (`,` and a point in English). The heading lines name
 * the organisation, the report, the filters and the date; then each section: its title, the
 * header, the rows and a totals row. The section named by `stream` is read in batches while the
 * response is written, so a large export never sits whole in memory.
 */
export function reportCsv(
  result: ReportResult,
  lang: Language,
  stream?: { section: string; rows: () => AsyncIterable<Row[]> },
): ReadableStream<Uint8Array> {
  const texts = REPORT_TEXTS[lang]
  const out = stringify({ delimiter: csvDelimiter(lang), bom: true, record_delimiter: 'windows' })
  async function* records(): AsyncGenerator<string[]> {
    yield [result.org.name]
    yield [texts.title[result.report]]
    for (const [k, v] of Object.entries(result.filters)) {
      yield [(texts.filter as Record<string, string>)[k] ?? k, filterText(result, k, v)]
    }
    if (result.scope === 'own') yield [texts.filter.scope, texts.filter.own]
    yield [texts.pdf.generated, result.generatedAt]
    for (const section of result.sections) {
      yield []
      yield [(texts.section as Record<string, string>)[section.id] ?? section.id]
      yield section.columns.map((c) => (texts.col as Record<string, string>)[c.label] ?? c.label)
      const cells = (row: Row) => section.columns.map((c) => formatCell(c, row[c.key] ?? null, lang, 'csv'))
      if (stream && stream.section === section.id) {
        for await (const batch of stream.rows()) for (const row of batch) yield cells(row)
      } else {
        for (const row of section.rows) yield cells(row)
      }
      if (Object.keys(section.totals).length > 0) {
        yield section.columns.map((c, i) =>
          i === 0
            ? texts.pdf.total
            : c.key in section.totals
              ? formatCell(c, section.totals[c.key]!, lang, 'csv')
              : '',
        )
      }
    }
  }
  const source = Readable.from(records())
  // A failing query mid-export ends the download with an error instead of a silently short file.
  source.on('error', (error) => out.destroy(error))
  source.pipe(out)
  return Readable.toWeb(out) as ReadableStream<Uint8Array>
}
