import { createAsync, useSearchParams } from '@solidjs/router'
import { createEffect, createSignal, For, Show } from 'solid-js'
import type { FilterOption, ReportId } from '../../../schema/reports/common.ts'
import { language, type MessageKey, t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Chart } from './Chart.tsx'
import { download, exportUrl, getReport } from './data.ts'
import { FilterSelect } from './FilterSelect.tsx'
import { REPORT_FILTERS } from './filters.ts'
import { useLiveReport } from './live.ts'
import { Sections } from './Sections.tsx'

/**
 * One report on a page: its filters (kept in the address, so a filtered report can be shared and
 * reloaded), the chart with its data table, the sections, and the CSV and PDF downloads with
 * their progress. Shared by every report; what differs is in filters.ts and the API.
 */
export function ReportView(props: { orgId: string; report: ReportId }) {
  const [search, setSearch] = useSearchParams<Record<string, string>>()
  const query = () => {
    const q = new URLSearchParams()
    for (const f of REPORT_FILTERS[props.report]) {
      const v = search[f.key]
      if (typeof v === 'string' && v !== '') q.set(f.key, v)
    }
    return q.toString()
  }
  const result = createAsync(() => getReport(props.orgId, props.report, query()))
  const [updated, setUpdated] = createSignal(new Date())
  useLiveReport(
    () => props.orgId,
    () => setUpdated(new Date()),
  )
  const title = () => t(`reports.title.${props.report}` as MessageKey)
  // The choices that come with the data, kept while the next filtered report loads.
  const [choices, setChoices] = createSignal<Record<string, FilterOption[]>>({})
  createEffect(() => {
    const r = result()
    if (r) setChoices(r.options ?? {})
  })
  const [progress, setProgress] = createSignal('')
  const [error, setError] = createSignal('')
  const size = (n: number) => `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KB`
  async function save(format: 'csv' | 'pdf') {
    setError('')
    try {
      const name = `${props.report}-${new Date().toISOString().slice(0, 10)}.${format}`
      let last = 0
      await download(exportUrl(props.orgId, props.report, query(), format, language()), name, (n) => {
        last = n
        setProgress(t('reports.ui.downloading', { size: size(n) }))
      })
      setProgress(t('reports.ui.downloaded', { size: size(last) }))
    } catch (e) {
      setProgress('')
      setError(errorMessage(e))
    }
  }
  return (
    <div class="report">
      <p class="page__intro">{t(`reports.about.${props.report}` as MessageKey)}</p>
      <Show when={REPORT_FILTERS[props.report].length > 0}>
        <form
          class="report__filters"
          aria-label={t('reports.ui.filters')}
          onSubmit={(e) => {
            e.preventDefault()
            const data = new FormData(e.currentTarget)
            const next: Record<string, string | undefined> = {}
            for (const f of REPORT_FILTERS[props.report])
              next[f.key] = String(data.get(f.key) ?? '') || undefined
            setSearch(next)
          }}
        >
          <For each={REPORT_FILTERS[props.report]}>
            {(f) => <FilterSelect field={f} value={search[f.key] ?? ''} choices={choices()[f.key] ?? []} />}
          </For>
          <button type="submit" class="button">
            {t('reports.ui.apply')}
          </button>
        </form>
      </Show>
      <div class="report__exports">
        <button type="button" class="button button--secondary" onClick={() => void save('csv')}>
          {t('reports.ui.csv')}
        </button>
        <button type="button" class="button button--secondary" onClick={() => void save('pdf')}>
          {t('reports.ui.pdf')}
        </button>
        <span class="muted" role="status">
          {progress()}
        </span>
      </div>
      <Show when={error()}>
        <Alert kind="error">{error()}</Alert>
      </Show>
      <Show when={result()} keyed>
        {(r) => (
          <>
            <Show when={r.scope === 'own'}>
              <Alert kind="info">{t('reports.ui.ownView')}</Alert>
            </Show>
            <p class="muted report__updated">
              {t('reports.ui.live', { time: updated().toLocaleTimeString(language()) })}
            </p>
            <Show when={r.chart && r.chart.data.length > 0 && r.chart} keyed>
              {(spec) => <Chart spec={spec} title={title()} />}
            </Show>
            <Sections sections={r.sections} />
          </>
        )}
      </Show>
    </div>
  )
}
