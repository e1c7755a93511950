import { revalidate } from '@solidjs/router'
import { createEffect, on, onCleanup } from 'solid-js'
import { inboxItems } from '../cases/inbox.ts'
import { getReport } from './data.ts'

/**
 * A report page follows its data without a reload: every live inbox item of this organisation
 * (an invoice paid, a case update, a task assigned — the signals the finance and case pages
 * already follow) asks for the report again, and so does returning to the tab. A report's
 * readers may get no inbox item for a change (the board is not told of each payment), so a
 * visible page also asks again every 60 seconds.
 */
export function useLiveReport(orgId: () => string, onRefresh: () => void): void {
  const refresh = () => {
    void revalidate(getReport.key)
    onRefresh()
  }
  createEffect(
    on(
      () => inboxItems().filter((i) => i.orgId === orgId()).length,
      (count, previous) => {
        if (previous !== undefined && count !== previous) refresh()
      },
    ),
  )
  const onVisible = () => {
    if (document.visibilityState === 'visible') refresh()
  }
  document.addEventListener('visibilitychange', onVisible)
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') refresh()
  }, 60_000)
  onCleanup(() => {
    document.removeEventListener('visibilitychange', onVisible)
    clearInterval(timer)
  })
}
