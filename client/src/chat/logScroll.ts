import { createEffect, createSignal, on, onCleanup, onMount } from 'solid-js'
import type { Timeline } from './timeline.ts'

/**
 * Where a thread's log stands. It stays pinned to the newest message while the reader is at the
 * bottom (as messages arrive, and whenever the log or its rows change size); scrolling near the
 * top shows earlier messages without moving what the reader looks at; and a "new messages" line
 * scrolled out of view above is offered back with a button (`jumpToUnread`).
 */
export function createLogScroll(timeline: Timeline, messageCount: () => number) {
  // Keep the newest message in view when the reader is already at the bottom.
  let log: HTMLDivElement | undefined
  let earlier: HTMLButtonElement | undefined
  let atBottom = true
  const showEarlier = async () => {
    if (!log || !timeline.hasEarlier() || timeline.loading()) return
    const refocus = document.activeElement === earlier
    await timeline.showEarlier((widen) => {
      // Keep what the reader looks at in place: same distance from the bottom after the insert
      // (Solid inserts the rows synchronously on the set).
      if (!log) return widen()
      const fromBottom = log.scrollHeight - log.scrollTop
      widen()
      log.scrollTop = log.scrollHeight - fromBottom
    })
    if (!log) return
    // The button goes away with the last step: keep focus in the log, not on the page body.
    if (refocus && !timeline.hasEarlier()) log.focus()
  }
  // The "new messages" line scrolled out of view above: offer a way back to it.
  const [unreadAbove, setUnreadAbove] = createSignal(false)
  const unreadLine = () => log?.querySelector<HTMLElement>('.messages__unread') ?? undefined
  function checkUnreadAbove() {
    const line = unreadLine()
    setUnreadAbove(Boolean(log && line && line.getBoundingClientRect().top < log.getBoundingClientRect().top))
  }
  const jumpToUnread = () => {
    const line = unreadLine()
    if (!log || !line) return
    log.scrollTop += line.getBoundingClientRect().top - log.getBoundingClientRect().top - 8
    // The button goes away once the line is in view: keep focus in the log.
    log.focus()
    checkUnreadAbove()
  }
  const onScroll = () => {
    if (!log) return
    checkUnreadAbove()
    atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 48
    // Not while the button has focus: focusing it scrolls the log to the top, and a keyboard
    // user would see the list change under them before pressing it.
    if (log.scrollTop < 80 && document.activeElement !== earlier) void showEarlier()
  }
  createEffect(
    on(messageCount, () => {
      if (atBottom) log?.scrollTo({ top: log.scrollHeight })
      checkUnreadAbove()
    }),
  )
  // Also whenever the log or its rows change size while the reader is at the bottom: the log may
  // get its layout only after the messages arrived (it had no height then, so a long channel
  // opened at its oldest message), and rows grow as fonts and attachments load.
  onMount(() => {
    if (!log || typeof ResizeObserver === 'undefined') return
    const pin = new ResizeObserver(() => {
      if (atBottom && log) log.scrollTop = log.scrollHeight
    })
    const observeRows = () => {
      for (const list of log?.querySelectorAll('.messages') ?? []) pin.observe(list)
    }
    pin.observe(log)
    observeRows()
    const rows = new MutationObserver(observeRows)
    rows.observe(log, { childList: true })
    onCleanup(() => {
      pin.disconnect()
      rows.disconnect()
    })
  })
  return {
    setLog: (el: HTMLDivElement) => {
      log = el
    },
    setEarlier: (el: HTMLButtonElement) => {
      earlier = el
    },
    onScroll,
    /** The reader sent a message: follow it down even if they had scrolled up. */
    followNewest: () => {
      atBottom = true
    },
    showEarlier,
    unreadAbove,
    checkUnreadAbove,
    jumpToUnread,
  }
}
