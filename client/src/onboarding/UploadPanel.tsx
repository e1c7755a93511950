import type { Action } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { MessageKey } from '../i18n/index.ts'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { useMutation } from '../ui/mutation.ts'
import { TableWrap } from '../ui/TableWrap.tsx'

interface ReportRow {
  row: number
  status: string
  problem: string
}

/**
 * A CSV upload with a dry-run switch and the per-row report it answers with. `upload` is the
 * router action that sends it (and revalidates the checklist).
 */
export function UploadPanel<R>(props: {
  id: string
  title: string
  hint: string
  orgId: string
  upload: Action<[string, File, boolean], R>
  summary: (report: R) => string
  rows: (report: R) => ReportRow[]
}) {
  const [file, setFile] = createSignal<File>()
  const [dryRun, setDryRun] = createSignal(false)
  const form = useMutation(props.upload)
  const busy = form.pending
  const error = form.message
  const [report, setReport] = createSignal<R>()
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const chosen = file()
    if (!chosen) return
    setReport(() => undefined)
    const result = await form.run(props.orgId, chosen, dryRun())
    if (result !== undefined) setReport(() => result)
  }
  return (
    <section class="onboarding__upload" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <p class="muted" id={`${props.id}-hint`}>
        {props.hint}
      </p>
      <form onSubmit={submit}>
        <div class="field">
          <label for={`${props.id}-file`}>{t('onboarding.file')}</label>
          <input
            id={`${props.id}-file`}
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby={`${props.id}-hint`}
            onChange={(e) => setFile(e.currentTarget.files?.[0])}
          />
        </div>
        <label class="checkbox">
          <input type="checkbox" checked={dryRun()} onChange={(e) => setDryRun(e.currentTarget.checked)} />{' '}
          {t('onboarding.dryRun')}
        </label>
        <button type="submit" class="button" disabled={busy()}>
          {busy() ? t('onboarding.uploading') : t('onboarding.upload')}
        </button>
      </form>
      <Show when={error()}>
        <Alert kind="error">{error()}</Alert>
      </Show>
      <Show when={report()}>
        {(r) => (
          <div role="status" aria-live="polite" data-testid={`${props.id}-report`}>
            <h3>{t('onboarding.reportTitle')}</h3>
            <p>{props.summary(r())}</p>
            <Show when={props.rows(r()).some((row) => row.status === 'refused')}>
              <TableWrap label={t('onboarding.reportTitle')}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('onboarding.row')}</th>
                      <th scope="col">{t('onboarding.status')}</th>
                      <th scope="col">{t('onboarding.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={props.rows(r()).filter((row) => row.status !== 'created')}>
                      {(row) => (
                        <tr>
                          <td>{row.row}</td>
                          <td>{t(`onboarding.outcome.${row.status}` as MessageKey)}</td>
                          <td>{row.problem}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </TableWrap>
            </Show>
          </div>
        )}
      </Show>
    </section>
  )
}
