import { For, Show } from 'solid-js'
import type { CaseDetail } from '../../../schema/api/cases.ts'
import type { CaseHistoryEntry } from '../../../schema/docs/case.ts'
import { t } from '../i18n/index.ts'
import { formatDateTime, StatusTag } from './labels.tsx'

type Change = CaseDetail['changes'][number]
type Line = { at: number; status: CaseHistoryEntry } | { at: number; change: Change }

/**
 * The case history, newest first: status changes (live, from the document) and every change of the
 * description and checklist (from the server, with who and when; the description's text before
 * and after behind a disclosure).
 */
export function CaseHistory(props: {
  statuses: CaseHistoryEntry[]
  changes: Change[]
  nameOf: (id: string | null) => string
}) {
  const lines = (): Line[] =>
    [
      ...props.statuses.map((status) => ({ at: status.at, status })),
      ...props.changes.map((change) => ({ at: Date.parse(change.at), change })),
    ].sort((a, b) => b.at - a.at)
  return (
    <>
      <h2>{t('cases.history')}</h2>
      <ol class="case-history">
        <For each={lines()}>
          {(line) => (
            <li>
              <Show
                when={'change' in line && line.change}
                fallback={
                  'status' in line && (
                    <>
                      <StatusTag status={line.status.status} /> {props.nameOf(line.status.by)}
                    </>
                  )
                }
              >
                {(change) => <ChangeLine change={change()} />}
              </Show>{' '}
              · <time datetime={new Date(line.at).toISOString()}>{formatDateTime(line.at)}</time>
            </li>
          )}
        </For>
      </ol>
    </>
  )
}

function ChangeLine(props: { change: Change }) {
  const c = () => props.change
  const name = () => c().by?.name || t('chat.someone')
  return (
    <>
      {t(`cases.change.${c().kind}`, { name: name(), text: c().itemText ?? '', before: c().before ?? '' })}
      <Show when={c().kind === 'description'}>
        <details class="case-history__diff">
          <summary>{t('cases.change.showDescription')}</summary>
          <p>
            <strong>{t('cases.change.before')}:</strong> {c().before}
          </p>
          <p>
            <strong>{t('cases.change.after')}:</strong> {c().after}
          </p>
        </details>
      </Show>
    </>
  )
}
