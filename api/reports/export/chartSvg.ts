import { renderChart } from '../../../schema/reports/chart.ts'
import type { ChartSpec } from '../../../schema/reports/common.ts'
import type { Language } from '../../../schema/roles.ts'

/**
 * The page's chart as SVG text on the server, for the PDF: the same builder
 * (schema/reports/chart.ts) drawn by Observable Plot into a linkedom document (no browser).
 */
export async function chartSvg(
  spec: ChartSpec,
  lang: Language,
  width: number,
): Promise<{ svg: string; height: number }> {
  // Loaded at the first chart: Plot (with d3) and linkedom are heavy imports that every API start
  // and test file paid for.
  const [Plot, { parseHTML }] = await Promise.all([import('@observablehq/plot'), import('linkedom')])
  const { document } = parseHTML('<!doctype html><html><body></body></html>')
  const node = renderChart(Plot, spec, {
    lang,
    width,
    document: document as unknown as Document,
    legend: false,
  }) as unknown as { outerHTML: string; getAttribute(n: string): string | null }
  const height = Number(node.getAttribute('height') ?? 240)
  return { svg: node.outerHTML, height }
}
