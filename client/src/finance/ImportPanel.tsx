import { createSignal, For, Show } from 'solid-js'
import {
  FINANCE_IMPORT_KINDS,
  type ImportKind,
  type ImportReport,
} from '../../../schema/api/financeImport.ts'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { useMutation } from '../ui/mutation.ts'
import { TableWrap } from '../ui/TableWrap.tsx'
import { importAction } from './data.ts'

/** The accountant's CSV upload: progress while it is sent, then the per-row report. */
export function ImportPanel(props: { orgId: string }) {
  const [kind, setKind] = createSignal<ImportKind>('invoices')
  const [file, setFile] = createSignal<File>()
  const [dryRun, setDryRun] = createSignal(false)
  const [progress, setProgress] = createSignal<number>()
  const [report, setReport] = createSignal<ImportReport>()
  const form = useMutation(importAction)
  const error = form.message
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const chosen = file()
    if (!chosen) return
    setReport(undefined)
    setProgress(0)
    const result = await form.run(props.orgId, kind(), chosen, dryRun(), setProgress)
    setProgress(undefined)
    if (result) setReport(result)
  }
  const problems = () => report()?.rows.filter((r) => r.status === 'refused') ?? []
  return (
    <section class="finance__section" aria-labelledby="finance-import">
      <h2 id="finance-import">{t('finance.import')}</h2>
      <p class="muted">{t('finance.importIntro')}</p>
      <form class="finance__import" onSubmit={submit}>
        <div class="field">
          <label for="import-kind">{t('finance.importKind')}</label>
          <select
            id="import-kind"
            value={kind()}
            onChange={(e) => setKind(e.currentTarget.value as ImportKind)}
          >
            <For each={FINANCE_IMPORT_KINDS}>
              {(k) => <option value={k}>{t(`finance.importKinds.${k}`)}</option>}
            </For>
          </select>
        </div>
        <div class="field">
          <label for="import-file">{t('finance.importFile')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            required
            onChange={(e) => setFile(e.currentTarget.files?.[0])}
          />
        </div>
        <label class="checkbox">
          <input type="checkbox" checked={dryRun()} onChange={(e) => setDryRun(e.currentTarget.checked)} />{' '}
          {t('finance.dryRun')}
        </label>
        <button type="submit" class="button" disabled={progress() !== undefined || !file()}>
          {t('finance.importStart')}
        </button>
      </form>
      <Show when={progress() !== undefined}>
        <label class="finance__progress">
          {t('finance.importProgress', { percent: Math.round((progress() ?? 0) * 100) })}
          <progress max="100" value={Math.round((progress() ?? 0) * 100)} />
        </label>
      </Show>
      <Show when={error()}>
        <Alert kind="error">{error()}</Alert>
      </Show>
      <Show when={report()} keyed>
        {(r) => (
          <>
            <Alert kind={r.counts.refused > 0 ? 'info' : 'success'}>
              {t(r.dryRun ? 'finance.importDryDone' : 'finance.importDone', r.counts)}
            </Alert>
            <Show when={problems().length > 0}>
              <TableWrap label={t('finance.outcome.refused')}>
                <table class="table finance__report">
                  <thead>
                    <tr>
                      <th scope="col">{t('finance.col.row')}</th>
                      <th scope="col">{t('finance.col.externalId')}</th>
                      <th scope="col">{t('finance.col.result')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={problems()}>
                      {(row) => (
                        <tr>
                          <td>{row.row}</td>
                          <td>{row.externalId ?? '—'}</td>
                          <td>
                            <For each={row.errors ?? []}>
                              {(er) => (
                                <div>
                                  <code>{er.path}</code>: {er.message}
                                </div>
                              )}
                            </For>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </TableWrap>
            </Show>
          </>
        )}
      </Show>
    </section>
  )
}
