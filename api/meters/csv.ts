import { stringify } from 'csv-stringify/sync'
import type { ConsumptionResponse } from '../../schema/api/meters.ts'
import type { Language } from '../../schema/roles.ts'

/**
 * Consumption as CSV for Excel: UTF-8 with a BOM; in Finnish and Swedish `;` between fields and a
 * decimal comma (what Excel expects in a Finnish locale), in English `,` and a decimal point.
 */
const HEADERS: Record<Language, [string, string, string, string]> = {
  fi: ['Kuukausi', 'Kulutus', 'Edellinen vuosi', 'Yksikkö'],
  sv: ['Månad', 'Förbrukning', 'Föregående år', 'Enhet'],
  en: ['Month', 'Consumption', 'Previous year', 'Unit'],
}

export function consumptionCsv(data: ConsumptionResponse, lang: Language): string {
  const comma = lang !== 'en'
  const num = (n: number | null) => (n === null ? '' : comma ? String(n).replace('.', ',') : String(n))
  const rows = data.rows.map((r) => [r.month, num(r.current), num(r.previous), data.unit ?? ''])
  return stringify([HEADERS[lang], ...rows], {
    bom: true,
    delimiter: comma ? ';' : ',',
    record_delimiter: '\r\n',
  })
}
