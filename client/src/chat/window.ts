/**
 * Windowing of a long thread: the view renders the newest WINDOW_STEP messages and adds
 * WINDOW_STEP earlier ones per "show earlier" (or when the reader scrolls to the top). Rendering
 * all 10,000 messages of a long thread costs seconds in the browser (bench/threads.ts).
 */
export const WINDOW_STEP = 100

/** A switch for diagnosing a rendering problem (and for comparing against unwindowed rendering). */
const OVERRIDE_KEY = 'kotipiha.chat.window'

/**
 * How many of the newest messages to render at first. `localStorage['kotipiha.chat.window'] =
 * 'all'` switches windowing off, for that comparison and for diagnosing a rendering problem.
 */
export function initialWindow(): number {
  try {
    if (globalThis.localStorage?.getItem(OVERRIDE_KEY) === 'all') return Number.POSITIVE_INFINITY
  } catch {
    // storage blocked (privacy settings): the default applies
  }
  return WINDOW_STEP
}
