import * as Plot from '@observablehq/plot'
import { createEffect, createSignal, For, onCleanup, Show } from 'solid-js'
import type { ConsumptionResponse } from '../../../schema/api/meters.ts'
import { formatNumber, language, t } from '../i18n/index.ts'
import { LOCALE } from '../i18n/plural.ts'
import { TableWrap } from '../ui/TableWrap.tsx'
import { unitLabel } from './unit.ts'

/** "2026-03" as the month's short name and year in the user's language. */
export const monthLabel = (month: string) =>
  new Intl.DateTimeFormat(LOCALE[language()], { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  )

/**
 * Consumption per month against the previous year: grouped bars drawn by Observable Plot as SVG
 * (hidden from screen readers, `aria-hidden`), with the same figures in a table beside it for
 * them and for anyone who wants the numbers. The series' colours are theme tokens (--chart-1,
 * --chart-2 in ui/tokens.css): the fixed dark blue of the light theme was 2.4:1 on the dark theme's
 * background. SVG takes `var()` in its fill, so a theme switch recolours the drawn chart too.
 */
export function ConsumptionChart(props: { data: ConsumptionResponse }) {
  let box: HTMLDivElement | undefined
  // Drawn at the width it has, and again when that changes (a phone turned, a window resized):
  // drawn at a guessed width and scaled down, its labels were too small to read on a phone.
  const [width, setWidth] = createSignal(0)
  const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry?.contentRect.width ?? 0)))
  onCleanup(() => observer.disconnect())
  const hasData = () => props.data.rows.some((r) => r.current !== null || r.previous !== null)
  createEffect(() => {
    const w = width()
    if (!box || !hasData() || w === 0) return
    const series = [t('meters.current'), t('meters.previous')]
    const points = props.data.rows.flatMap((r) => [
      { month: monthLabel(r.month), series: series[0], value: r.current ?? 0 },
      { month: monthLabel(r.month), series: series[1], value: r.previous ?? 0 },
    ])
    const chart = Plot.plot({
      width: Math.max(280, w),
      height: 240,
      marginLeft: 56,
      marginBottom: 60,
      // Grouped bars: one facet per month, the two years side by side within it.
      fx: {
        domain: props.data.rows.map((r) => monthLabel(r.month)),
        label: null,
        tickRotate: -45,
        padding: 0.2,
      },
      x: { axis: null, domain: series },
      y: { grid: true, label: unitLabel(props.data.unit), tickFormat: (v: number) => formatNumber(v) },
      color: { domain: series, range: ['var(--chart-1)', 'var(--chart-2)'], legend: true },
      marks: [Plot.barY(points, { fx: 'month', x: 'series', y: 'value', fill: 'series' }), Plot.ruleY([0])],
    })
    chart.setAttribute('aria-hidden', 'true')
    box.replaceChildren(chart)
    onCleanup(() => chart.remove())
  })
  return (
    <Show when={hasData()} fallback={<p class="empty">{t('meters.noConsumption')}</p>}>
      <figure class="meters__chart">
        <div
          ref={(el) => {
            box = el
            observer.observe(el)
          }}
        />
        <figcaption class="muted">{t('meters.chartLabel')}</figcaption>
      </figure>
      <TableWrap label={t('meters.tableLabel')}>
        <table class="table meters__table">
          <caption class="visually-hidden">{t('meters.tableLabel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('meters.month')}</th>
              <th scope="col" class="num">
                {t('meters.current')} ({unitLabel(props.data.unit)})
              </th>
              <th scope="col" class="num">
                {t('meters.previous')} ({unitLabel(props.data.unit)})
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.data.rows}>
              {(r) => (
                <tr>
                  <th scope="row">{monthLabel(r.month)}</th>
                  <td class="num">{r.current === null ? '–' : formatNumber(r.current)}</td>
                  <td class="num">{r.previous === null ? '–' : formatNumber(r.previous)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </TableWrap>
    </Show>
  )
}
