import { onCleanup } from 'solid-js'

/**
 * Keeps a widget's data fresh while the home page is open: refetches when the tab becomes visible
 * again and every minute while it is visible. (The pages the widgets open into are live through
 * their documents; a dashboard holding ten documents open would cost more than it shows.)
 */
export function refreshWhileVisible(refetch: () => unknown, everyMs = 60_000): void {
  const onVisible = () => {
    if (document.visibilityState === 'visible') refetch()
  }
  document.addEventListener('visibilitychange', onVisible)
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') refetch()
  }, everyMs)
  onCleanup(() => {
    document.removeEventListener('visibilitychange', onVisible)
    clearInterval(timer)
  })
}
