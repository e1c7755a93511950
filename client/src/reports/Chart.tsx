import * as Plot from '@observablehq/plot'
import { createEffect, createMemo, createSignal, For, onCleanup } from 'solid-js'
import { plotted, renderChart, seriesLegend, xLabel } from '../../../schema/reports/chart.ts'
import type { ChartSpec } from '../../../schema/reports/common.ts'
import { LOCALES } from '../../../schema/reports/format.ts'
import { language, t } from '../i18n/index.ts'

/**
 * A report's chart (Observable Plot, drawn from the same spec as the PDF's) and the same numbers
 * as a table: the SVG is hidden from assistive technology, the table is always there for screen
 * readers and shown on screen with the toggle.
 */
export function Chart(props: { spec: ChartSpec; title: string }) {
  let host!: HTMLDivElement
  const [shown, setShown] = createSignal(false)
  const width = () => host?.clientWidth || 640
  createEffect(() => {
    const spec = props.spec
    const lang = language()
    const draw = () => {
      const node = renderChart(Plot, spec, { lang, width: Math.max(280, width()), legend: true })
      node.setAttribute('aria-hidden', 'true')
      host.replaceChildren(node)
    }
    draw()
    const observer = new ResizeObserver(() => draw())
    observer.observe(host)
    onCleanup(() => observer.disconnect())
  })
  const table = createMemo(() => {
    const spec = props.spec
    const lang = language()
    const xs = [...new Set(spec.data.map((d) => d.x))]
    const legend = seriesLegend(spec, lang)
    const number = new Intl.NumberFormat(
      LOCALES[lang],
      spec.unit === 'cents' ? { style: 'currency', currency: 'EUR' } : { maximumFractionDigits: 1 },
    )
    return {
      head: legend.map((l) => l.label),
      rows: xs.map((x) => ({
        x: xLabel(spec, x, lang),
        values: spec.series.map((s) => {
          const v = spec.data.filter((d) => d.x === x && d.series === s).reduce((a, d) => a + d.value, 0)
          return number.format(plotted(spec, v))
        }),
      })),
    }
  })
  return (
    <figure class="report__chart">
      <div ref={host} class="report__plot" />
      <button
        type="button"
        class="button button--secondary report__table-toggle"
        aria-expanded={shown()}
        onClick={() => setShown(!shown())}
      >
        {t('reports.ui.showChartTable')}
      </button>
      {/* Always in the accessibility tree; on screen only when asked for. */}
      <section
        class={shown() ? 'table-wrap' : 'visually-hidden'}
        tabindex={shown() ? 0 : undefined}
        aria-label={shown() ? t('reports.ui.chartTable') : undefined}
      >
        <table class="table">
          <caption>
            {props.title}: {t('reports.ui.chartTable')}
          </caption>
          <thead>
            <tr>
              <td />
              <For each={table().head}>{(h) => <th scope="col">{h}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={table().rows}>
              {(r) => (
                <tr>
                  <th scope="row">{r.x}</th>
                  <For each={r.values}>{(v) => <td class="num">{v}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </section>
    </figure>
  )
}
