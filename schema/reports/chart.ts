import type * as PlotModule from '@observablehq/plot'
import type { Language } from '../roles.ts'
import type { ChartSpec } from './common.ts'
import { codeLabel, LOCALES, monthLabel } from './format.ts'

/**
 * One chart builder for the browser and the server (issue 15): the same spec becomes the same
 * Observable Plot chart on the page and, rendered to SVG in a server-side DOM, in the PDF. Plot is
 * passed in (schema/ imports no runtime library the client would not also load; the server hands
 * its own copy with a linkedom document).
 *
 * The palette: every colour has at least 4.5:1 contrast against white, so bars and lines pass the
 * 3:1 non-text contrast of WCAG 2.1 AA and the series text in the legend passes as text.
 */
export const PALETTE = ['#1f5fa8', '#b3481b', '#2e6b30', '#6a3d9a', '#a3173a', '#55595c', '#00697a']

export interface ChartOptions {
  lang: Language
  width: number
  /** A server-side DOM (linkedom); the browser's own when absent. */
  document?: Document
  /** Plot's swatch legend (HTML): on the page yes, in the PDF the writer draws its own. */
  legend: boolean
}

/** Labels of the series, in legend order, with their colours. */
export function seriesLegend(spec: ChartSpec, lang: Language): { label: string; color: string }[] {
  return spec.series.map((s, i) => ({
    label: codeLabel('series', s, lang),
    color: PALETTE[i % PALETTE.length]!,
  }))
}

const isMonth = (x: string) => /^\d{4}-\d{2}$/.test(x)

/** The x label of a data point: a month, a translated code or a name. */
export function xLabel(spec: ChartSpec, x: string, lang: Language): string {
  if (isMonth(x)) return monthLabel(x, lang)
  return codeLabel(spec.xCodes, x, lang)
}

/** The value as plotted: euros for cents, the number otherwise. */
export const plotted = (spec: ChartSpec, value: number) => (spec.unit === 'cents' ? value / 100 : value)

export function renderChart(Plot: typeof PlotModule, spec: ChartSpec, opts: ChartOptions) {
  const { lang } = opts
  const legend = seriesLegend(spec, lang)
  const seriesLabel = new Map(spec.series.map((s, i) => [s, legend[i]!.label]))
  const xs = [...new Set(spec.data.map((d) => d.x))]
  const data = spec.data.map((d) => ({
    x: xLabel(spec, d.x, lang),
    series: seriesLabel.get(d.series) ?? d.series,
    value: plotted(spec, d.value),
  }))
  const xDomain = xs.map((x) => xLabel(spec, x, lang))
  const number = new Intl.NumberFormat(LOCALES[lang], {
    notation: 'compact',
    maximumFractionDigits: 1,
    ...(spec.unit === 'cents' ? { style: 'currency', currency: 'EUR' } : {}),
  })
  const color = {
    domain: legend.map((l) => l.label),
    range: legend.map((l) => l.color),
    legend: opts.legend,
  }
  // Many months on a phone: labels stand upright (slanted ones ran off the left edge). A turned
  // label hangs below the axis by its length, so the margins are sized for the longest one (at
  // 12 px about 7 px a character): a fixed 48 px cut the start of "tammi 2026" at 1280 px.
  const rotate = xDomain.length > 6 ? (opts.width < 500 ? -90 : -40) : 0
  const labelPx = Math.max(0, ...xDomain.map((l) => l.length)) * 7
  const angle = (Math.abs(rotate) * Math.PI) / 180
  const bottom = rotate === 0 ? 48 : Math.max(48, Math.ceil(labelPx * Math.sin(angle)) + 24)
  const left = rotate === 0 ? 64 : Math.max(64, Math.ceil(labelPx * Math.cos(angle)) + 8)
  // Counts of things (cases, tasks) have whole-number ticks: no "0,5 cases".
  const stacked = new Map<string, number>()
  for (const d of data) stacked.set(d.x, (stacked.get(d.x) ?? 0) + d.value)
  const peak =
    spec.mark === 'stackedBarY' ? Math.max(0, ...stacked.values()) : Math.max(0, ...data.map((d) => d.value))
  const whole = spec.unit === 'count' && spec.data.every((d) => Number.isInteger(d.value))
  const yTicks = whole ? { ticks: Math.max(1, Math.min(6, Math.ceil(peak))) } : {}
  const common = {
    width: opts.width,
    style: { fontSize: '12px', background: 'white', color: '#1a1a1a' },
    ...(opts.document ? { document: opts.document } : {}),
    color,
  }
  if (spec.mark === 'groupedBarX') {
    // Thinner bars on paper: the PDF's chart should leave room for its table.
    const rowHeight = opts.legend ? 14 : 9
    return Plot.plot({
      ...common,
      height: Math.max(120, xDomain.length * (legend.length * rowHeight + 10) + 40),
      marginLeft: Math.min(180, Math.max(90, Math.round(opts.width * 0.32))),
      fy: { domain: xDomain, label: null },
      y: { domain: legend.map((l) => l.label), axis: null },
      x: {
        grid: true,
        label: null,
        tickFormat: (v: number) => number.format(v),
        ticks: opts.width < 500 ? 3 : 6,
      },
      marks: [Plot.barX(data, { fy: 'x', y: 'series', x: 'value', fill: 'series' }), Plot.ruleX([0])],
    })
  }
  if (spec.mark === 'stackedBarY') {
    return Plot.plot({
      ...common,
      height: 280,
      marginLeft: left,
      marginBottom: bottom,
      x: { domain: xDomain, label: null, tickRotate: rotate },
      y: { grid: true, label: null, tickFormat: (v: number) => number.format(v), ...yTicks },
      marks: [Plot.barY(data, { x: 'x', y: 'value', fill: 'series' }), Plot.ruleY([0])],
    })
  }
  return Plot.plot({
    ...common,
    height: 260,
    marginLeft: left,
    marginBottom: bottom,
    x: { domain: xDomain, label: null, type: 'point', tickRotate: rotate, inset: 8 },
    y: { grid: true, label: null, tickFormat: (v: number) => number.format(v), ...yTicks },
    marks: [
      Plot.lineY(data, { x: 'x', y: 'value', stroke: 'series', strokeWidth: 2 }),
      Plot.dot(data, { x: 'x', y: 'value', fill: 'series', r: 3 }),
      Plot.ruleY([0]),
    ],
  })
}
