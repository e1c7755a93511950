/**
 * npm run screenshots — every page a resident, a board member and the property manager reach,
 * at 390 and 1280 px, in the light and the dark theme, for a person to look at (issue 20), with
 * what a machine can tell about each: sideways scroll, elements past the right edge, text cut
 * off by its box, raw dictionary keys or English in the Finnish UI, a page that ended in an
 * error, browser errors, and with SCREENSHOT_AXE=1 axe (WCAG 2.1 AA) in the dark theme at 390 px
 * (e2e/accessibility checks its pages in both themes already).
 *
 * The pages are found, not listed: from the home page it follows every link in the header,
 * navigation and main content, one page per route (ids replaced; a cooperative's and a
 * management company's pages count apart), up to SCREENSHOT_PAGES per person (60);
 * SCREENSHOT_PEOPLE=resident,board picks the people. A list's items load after the page, so
 * on the lists of `DEEP` it waits for the first item and opens it next (a case, a channel, an
 * article, a folder, a meter, an apartment). SCREENSHOT_ROUTES=cases/:id,kb/:id takes only the
 * pages whose route contains one of them (the others are still visited, for their links).
 * SCREENSHOT_URL=http://127.0.0.1:4xxx uses an app already running (`scripts/start.ts` on a
 * DATA_DIR of its own) instead of starting one; the staff's signed-in session is kept in
 * screenshots/.sessions/ for the next run, as their TOTP enrolment happens once per database.
 *
 * Writes screenshots/pages/<person>/<nn>-<page>-<width>-<theme>.png, side-by-side sheets
 * (light | dark) per page and width in screenshots/pages/<person>/sheets/, and
 * screenshots/pages/findings.md. The app starts as a first `npm start` does (embedded database,
 * demo seeded); the manager enrols TOTP on the way in, as the e2e tests do.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import sharp from 'sharp'
import { apiGet, sessionCookie } from '../bench/lib/demoApp.ts'
import { en } from '../client/src/i18n/en.ts'
import { fi } from '../client/src/i18n/fi.ts'
import { violations } from '../e2e/support/axe.ts'
import { LAUNCH_OPTIONS, logInEnrollingTotp } from '../e2e/support/browser.ts'
import { startE2EServer } from '../e2e/support/server.ts'

const OUT = 'screenshots/pages'
const MAX_PAGES = Number(process.env.SCREENSHOT_PAGES ?? 60)
const WIDTHS = [390, 1280] as const
const HEIGHTS: Record<number, number> = { 390: 844, 1280: 800 }
const THEMES = ['light', 'dark'] as const
/** Sheets stop at this height: the top of a long page is what shows whether it works. */
const SHEET_MAX_HEIGHT = 2400
/** A list's route, and the route of its items: the first item is opened after the list. */
const DEEP: ReadonlyArray<readonly [string, string]> = [
  ['/cases', '/cases/new'],
  ['/cases', '/cases/:id'],
  ['/chat', '/chat/:id'],
  ['/kb', '/kb/:id'],
  ['/documents', '/documents/:id'],
  ['/meters', '/meters/:id'],
  ['/apartment', '/apartment/:id'],
  ['/boards', '/boards/:id'],
  ['/profile', '/profile/activity'],
]
/** `/cases` as the route of a cooperative's (or any organisation's) page, or of a page of its own. */
const routeIs = (route: string, tail: string) => route.replace(/^\/org\/:[a-z_]+(?=\/)/, '') === tail
const ONLY_ROUTES = process.env.SCREENSHOT_ROUTES?.split(',').filter(Boolean)
const SESSIONS = 'screenshots/.sessions'
const PEOPLE = [
  ['resident', 'resident@example.com'],
  ['board', 'board@example.com'],
  ['manager', 'manager@example.com'],
] as const

/** English strings of the dictionary that Finnish says differently: shown in the Finnish UI, a miss. */
function englishOnly(): Set<string> {
  const out = new Set<string>()
  const walk = (e: unknown, f: unknown) => {
    if (typeof e === 'string') {
      if (e !== f && /\s/.test(e) && !e.includes('{{')) out.add(e.trim())
      return
    }
    if (e && typeof e === 'object')
      for (const [k, v] of Object.entries(e)) walk(v, (f as Record<string, unknown> | undefined)?.[k])
  }
  walk(en, fi)
  return out
}

interface Findings {
  page: string
  url: string
  notes: string[]
}

/** What the page itself can tell, in the current viewport and theme. */
async function inspect(page: Page, english: string[]): Promise<string[]> {
  return page.evaluate((englishList) => {
    const englishSet = new Set(englishList)
    const notes: string[] = []
    const width = window.innerWidth
    if (document.documentElement.scrollWidth > width)
      notes.push(`scrolls sideways: ${document.documentElement.scrollWidth} px wide`)
    const describe = (el: Element) => {
      const cls =
        typeof el.className === 'string' && el.className
          ? `.${el.className.trim().split(/\s+/).join('.')}`
          : ''
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50)
      return `<${el.tagName.toLowerCase()}${cls}> "${text}"`
    }
    const scrollsX = (el: Element) => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true
      }
      return false
    }
    const past: string[] = []
    const clipped: string[] = []
    for (const el of document.querySelectorAll('body *')) {
      const rect = el.getBoundingClientRect()
      if (rect.width === 0 || rect.height === 0) continue
      const style = getComputedStyle(el)
      if (style.visibility === 'hidden' || el.closest('.visually-hidden, [aria-hidden=true]')) continue
      if (rect.right > width + 1 && !scrollsX(el)) past.push(describe(el))
      const cut = style.overflowX === 'hidden' || style.overflowX === 'clip'
      if (
        cut &&
        el.scrollWidth > el.clientWidth + 1 &&
        style.textOverflow !== 'ellipsis' &&
        (el.textContent ?? '').trim()
      )
        clipped.push(describe(el))
      if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1)
        clipped.push(`${describe(el)} (ellipsis)`)
    }
    if (past.length)
      notes.push(
        `past the right edge: ${past.slice(0, 5).join('; ')}${past.length > 5 ? ` (+${past.length - 5})` : ''}`,
      )
    if (clipped.length)
      notes.push(
        `text cut off: ${clipped.slice(0, 5).join('; ')}${clipped.length > 5 ? ` (+${clipped.length - 5})` : ''}`,
      )
    const texts: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement
      if (!parent || parent.closest('script, style, [aria-hidden=true]')) continue
      const text = (n.textContent ?? '').trim()
      if (text) texts.push(text)
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]'))
      for (const a of ['aria-label', 'placeholder', 'title']) {
        const v = el.getAttribute(a)?.trim()
        if (v) texts.push(v)
      }
    // A format placeholder ("tt.mm", each part one letter repeated) is not a dictionary key.
    const format = (s: string) => s.split('.').every((part) => /^([a-z])\1*$/.test(part))
    const keys = texts.filter(
      (s) => (/^[a-z][a-zA-Z]+(\.[a-zA-Z_]{2,})+$/.test(s) && !format(s)) || /^[a-z]+(_[a-z]+)+$/.test(s),
    )
    if (keys.length) notes.push(`raw keys: ${[...new Set(keys)].slice(0, 8).join(', ')}`)
    if (document.documentElement.lang === 'fi') {
      const english = texts.filter(
        (s) =>
          englishSet.has(s) ||
          /\b(Use at least|Too big|Too small|expected string|Invalid input|is required|characters)\b/.test(s),
      )
      if (english.length)
        notes.push(`English in the Finnish UI: ${[...new Set(english)].slice(0, 8).join(' | ')}`)
    }
    const error = document.querySelector('main [role=alert]')
    if (error) notes.push(`alert on the page: "${(error.textContent ?? '').trim().slice(0, 80)}"`)
    return notes
  }, english)
}

/** Waits until the page's data is on screen: no request for 500 ms and no skeleton left. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {})
  await page
    .waitForFunction(() => !document.querySelector('.skeleton, [aria-busy=true]'), undefined, {
      timeout: 8_000,
    })
    .catch(() => {})
}

const CONTEXT = { viewport: { width: 1280, height: 800 }, locale: 'fi-FI' }

/** A signed-in page of `person`; with SCREENSHOT_URL, the session kept from the last run if it still works. */
async function signIn(browser: Browser, baseUrl: string, person: string, email: string) {
  const kept = join(SESSIONS, `${new URL(baseUrl).port}-${person}.json`)
  if (process.env.SCREENSHOT_URL && existsSync(kept)) {
    const context = await browser.newContext({ ...CONTEXT, storageState: kept })
    if ((await context.request.get(`${baseUrl}/api/me`)).ok())
      return { context, page: await context.newPage() }
    await context.close()
  }
  const context = await browser.newContext(CONTEXT)
  const page = await context.newPage()
  if (email.startsWith('manager')) {
    await logInEnrollingTotp(page, baseUrl, email)
    // Enrolment switched the UI to English; the pages are looked at in Finnish.
    await page.evaluate(() =>
      fetch('/api/me', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ language: 'fi' }),
      }),
    )
  } else {
    const cookie = (await sessionCookie(baseUrl, email)).split('=')
    await context.addCookies([{ name: cookie[0]!, value: cookie.slice(1).join('='), url: baseUrl }])
  }
  if (process.env.SCREENSHOT_URL) {
    mkdirSync(SESSIONS, { recursive: true })
    await context.storageState({ path: kept })
  }
  return { context, page }
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

async function sheet(files: string[], out: string) {
  const images = await Promise.all(
    files.map(async (f) => {
      const meta = await sharp(f).metadata()
      const height = Math.min(meta.height ?? 0, SHEET_MAX_HEIGHT)
      return {
        buffer: await sharp(f).extract({ left: 0, top: 0, width: meta.width!, height }).toBuffer(),
        width: meta.width!,
        height,
      }
    }),
  )
  const gap = 16
  const width = images.reduce((s, i) => s + i.width, 0) + gap * (images.length - 1)
  const height = Math.max(...images.map((i) => i.height))
  let left = 0
  const composite = images.map((i) => {
    const placed = { input: i.buffer, left, top: 0 }
    left += i.width + gap
    return placed
  })
  await sharp({ create: { width, height, channels: 3, background: '#ff00ff' } })
    .composite(composite)
    .png()
    .toFile(out)
}

async function main() {
  rmSync(OUT, { recursive: true, force: true })
  const english = [...englishOnly()]
  const app = process.env.SCREENSHOT_URL
    ? { baseUrl: process.env.SCREENSHOT_URL.replace(/\/$/, ''), close: async () => {} }
    : await startE2EServer()
  const browser = await chromium.launch(LAUNCH_OPTIONS)
  const report: string[] = ['# Screenshots: what the machine saw', '']
  try {
    const only = process.env.SCREENSHOT_PEOPLE?.split(',')
    for (const [person, email] of PEOPLE.filter(([p]) => !only || only.includes(p))) {
      const dir = join(OUT, person)
      mkdirSync(join(dir, 'sheets'), { recursive: true })
      const { context, page } = await signIn(browser, app.baseUrl, person, email)
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
      const cookieHeader = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
      const me = await apiGet<{ organisations: Array<{ id: string; kind: string }> }>(
        app.baseUrl,
        cookieHeader,
        '/api/me',
      )
      const kindOf = new Map(me.organisations.map((o) => [o.id, o.kind]))
      const routeOf = (path: string) =>
        path
          .split('/')
          .map((s, i, all) =>
            ID.test(s) ? (all[i - 1] === 'org' ? `:${kindOf.get(s) ?? 'org'}` : ':id') : s,
          )
          .join('/')

      const queue = ['/']
      const seen = new Set([routeOf('/')])
      const findings: Findings[] = []
      for (let n = 0; n < queue.length && n < MAX_PAGES; n++) {
        const path = queue[n]!
        const name = `${String(n + 1).padStart(2, '0')}-${routeOf(path).replace(/[/:]+/g, '_').replace(/^_|_$/g, '') || 'home'}`
        errors.length = 0
        await page.setViewportSize({ width: 1280, height: 800 })
        await page.emulateMedia({ colorScheme: 'light' })
        await page.goto(`${app.baseUrl}${path}`)
        await settled(page)
        const notes: string[] = []
        // A list that opened its only item (the resident's one channel) shows that item's page.
        const landed = routeOf(new URL(page.url()).pathname)
        seen.add(landed)
        const links = async (where: string) =>
          (
            await page.$$eval(where, (as) =>
              as.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? ''),
            )
          )
            .map((href) => href.split(/[?#]/)[0]!)
            .filter((p) => p && !p.startsWith('/api/') && !p.startsWith('/dev/') && p !== '/login')
        for (const clean of await links('header a[href^="/"], nav a[href^="/"], main a[href^="/"]')) {
          const route = routeOf(clean)
          if (seen.has(route)) continue
          seen.add(route)
          queue.push(clean)
        }
        // The first item of a list, opened right after it: its links may come after the page.
        let next = n + 1
        for (const [list, item] of DEEP) {
          if (!routeIs(routeOf(path), list) || routeIs(landed, item)) continue
          const queued = queue.findIndex((p) => routeIs(routeOf(p), item))
          if (queued >= 0 && queued < next) continue
          if (queued >= 0) {
            queue.splice(next++, 0, ...queue.splice(queued, 1))
            continue
          }
          const deadline = Date.now() + 8_000
          let found: string | undefined
          while (!found && Date.now() < deadline) {
            found = (await links('main a[href^="/"]')).find((p) => routeIs(routeOf(p), item))
            if (!found) await page.waitForTimeout(250)
          }
          if (!found) {
            notes.push(`no ${item} link found on the list`)
            continue
          }
          seen.add(routeOf(found))
          queue.splice(next++, 0, found)
        }
        if (ONLY_ROUTES && !ONLY_ROUTES.some((r) => routeOf(path).includes(r))) {
          console.log(`${person} ${name} visited for its links`)
          continue
        }
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: HEIGHTS[width]! })
          const files: string[] = []
          for (const theme of THEMES) {
            await page.emulateMedia({ colorScheme: theme })
            await page.waitForTimeout(150)
            const file = join(dir, `${name}-${width}-${theme}.png`)
            await page.screenshot({ path: file, fullPage: true })
            files.push(file)
            // Layout and words do not change with the theme: looked at once per width.
            if (theme === 'light')
              for (const note of await inspect(page, english)) notes.push(`${width}: ${note}`)
            if (theme === 'dark' && width === 390 && process.env.SCREENSHOT_AXE === '1') {
              for (const v of await violations(page)) notes.push(`${width} dark: axe ${v}`)
            }
          }
          await sheet(files, join(dir, 'sheets', `${name}-${width}.png`))
        }
        for (const e of new Set(errors)) notes.push(`browser error: ${e.slice(0, 160)}`)
        findings.push({ page: name, url: path, notes })
        console.log(`${person} ${name} ${notes.length ? `(${notes.length} notes)` : 'ok'}`)
      }
      report.push(`## ${person} (${email}): ${findings.length} pages`, '')
      for (const f of findings) {
        report.push(`- **${f.page}** \`${f.url}\`${f.notes.length ? '' : ': nothing found'}`)
        for (const note of [...new Set(f.notes)]) report.push(`  - ${note}`)
      }
      report.push('')
      const left = queue.length - Math.min(queue.length, MAX_PAGES)
      if (left)
        report.push(`(${left} more pages found, not visited: ${queue.slice(MAX_PAGES).join(', ')})`, '')
      await context.close()
    }
  } finally {
    writeFileSync(join(OUT, 'findings.md'), `${report.join('\n')}\n`)
    await browser.close()
    await app.close()
  }
  console.log(`${OUT}/findings.md`)
}

await main()
