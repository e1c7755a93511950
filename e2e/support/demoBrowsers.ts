import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, inject } from 'vitest'
import { teardownStep } from '../../server/test/teardown.ts'
import { type DESKTOP, logIn, useLanguage } from './browser.ts'
import { type E2EServer, startE2EServer } from './server.ts'
import { connectBrowser } from './sharedBrowser.ts'

export interface DemoBrowsers {
  /** The running demo server (valid inside tests). */
  readonly server: E2EServer
  /** A new browser context with one page, not signed in. */
  newPage(viewport: typeof DESKTOP): Promise<Page>
  /** A new browser context signed in as a demo user, on the landing page, in a language. */
  signedIn(email: string, viewport: typeof DESKTOP, language: 'en' | 'fi' | 'sv'): Promise<Page>
  /** The id of one of the signed-in user's organisations, by name. */
  orgId(page: Page, name?: string): Promise<string>
}

/**
 * One demo server for a describe block and a connection to the run's Chromium, closed after it; every signed-in user
 * gets a context of their own, so several people can use the app side by side.
 *
 * The server runs on the run's seeded demo (a clone of the Postgres template when the run has
 * DATABASE_URL, else a copy of the seeded embedded database). `database: 'embedded'` starts it
 * instead as `npm start` first does: an empty DATA_DIR, the embedded database (PGlite) created,
 * migrated and seeded by the app itself. One file does (e2e/foundation), so the default path
 * stays tested in the browser.
 */
export function useDemoBrowsers(opts: { database?: 'seeded' | 'embedded' } = {}): DemoBrowsers {
  let server: E2EServer | undefined
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    const seeded = { dataDir: inject('e2eSeededDataDir'), postgres: inject('e2ePostgres') }
    server = await startE2EServer(opts.database === 'embedded' ? {} : { seeded })
    browser = await connectBrowser()
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    // Bounded and named (server/test/teardown.ts): a server close that hung took the whole hook
    // past its 180 s limit on a clean-clone run and failed a file whose tests had all passed.
    await teardownStep('browser close', browser?.close())
    // A stall's report lists what the server's Postgres database is doing (its query, its lock).
    await teardownStep('e2e server close', server?.close(), { databaseUrl: server?.databaseUrl })
  })

  const started = () => {
    if (!server || !browser) throw new Error('useDemoBrowsers: used outside a test')
    return { server, browser }
  }

  // Plain functions (no `this`), so tests may take them off the object.
  const newPage = async (viewport: typeof DESKTOP): Promise<Page> => {
    const context = await started().browser.newContext({ viewport, locale: 'en-GB' })
    contexts.push(context)
    return context.newPage()
  }

  return {
    get server() {
      return started().server
    },
    newPage,
    async signedIn(email, viewport, language) {
      const page = await newPage(viewport)
      const { server } = started()
      await logIn(page, server.baseUrl, email)
      await page.waitForURL((url) => url.pathname === '/')
      if (language !== 'fi') await useLanguage(page, language)
      else {
        // Finnish is the default, but the profile keeps a language an earlier test of the file
        // chose for this user (e2e/reports signed the board in English, then in Finnish): put it
        // back the way the header's menu does (a desktop control, so also on a phone), then reload.
        const changed = await page.evaluate(async () => {
          const me = (await (await fetch('/api/me')).json()) as { user: { language: string } }
          if (me.user.language === 'fi') return false
          const res = await fetch('/api/me', {
            method: 'PATCH',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ language: 'fi' }),
          })
          if (!res.ok) throw new Error(`PATCH /api/me: ${res.status}`)
          return true
        })
        if (changed) {
          await page.reload()
          await page.waitForFunction(() => document.documentElement.lang === 'fi')
        }
      }
      return page
    },
    async orgId(page, name = 'As Oy Koivukuja') {
      const me = (await page.evaluate(async () => (await fetch('/api/me')).json())) as {
        organisations: Array<{ id: string; name: string }>
      }
      const org = me.organisations.find((o) => o.name === name)
      if (!org) throw new Error(`the demo user is not in ${name}`)
      return org.id
    },
  }
}
