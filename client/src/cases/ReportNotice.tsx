import { useLocation } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'

/** What the report form hands the new case's page: files the server refused after the case was made. */
export interface ReportState {
  refusedFiles?: string[]
}

/** On a just-reported case: the files that were not attached, so the reporter adds them here. */
export function ReportNotice() {
  const location = useLocation<ReportState>()
  const refused = () => location.state?.refusedFiles ?? []
  return (
    <Show when={refused().length > 0}>
      <Alert kind="error">
        <p>{t('attachments.caseCreatedFilesRefused')}</p>
        <ul>
          <For each={refused()}>{(message) => <li>{message}</li>}</For>
        </ul>
      </Alert>
    </Show>
  )
}
