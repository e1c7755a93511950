import { type Browser, chromium } from 'playwright-core'
import { inject } from 'vitest'
import { launchBrowser } from './browser.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's Chromium browser server (`globalSetup.ts`), or '' without one. */
    e2eBrowserEndpoint: string
  }
}

/**
 * A test file's browser: a connection to the run's one Chromium (started in `globalSetup.ts`)
 * instead of a Chromium of its own per file. Each file still works in contexts of its own, and
 * closing the connection closes them (Playwright's `browser.close()` on a connected browser), so
 * no file sees another's cookies, storage or pages. Without the shared server (a file run by a
 * script outside vitest's globalSetup) it launches one as before.
 */
export function connectBrowser(): Promise<Browser> {
  const endpoint = inject('e2eBrowserEndpoint')
  return endpoint ? chromium.connect(endpoint) : launchBrowser()
}
