import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { violationsInBothThemes } from './support/axe.ts'
import { chromiumAvailable, DESKTOP, logInEnrollingTotp, PHONE } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

const run = chromiumAvailable()

/**
 * The pages of cases and chat, checked with axe-core against WCAG 2.1 AA in Chromium, at desktop
 * and phone width, signed out and as a resident and a board member (who also sees the case's
 * management and internal notes); the back-office pages as the property manager and the platform
 * admin. Each page is checked once its content has loaded, in the light and the dark theme.
 */
describe.skipIf(!run)('accessibility (axe-core, WCAG 2.1 AA, light and dark)', () => {
  const demo = useDemoBrowsers()

  const ready = async (page: Page, path: string, selector: string) => {
    await page.goto(`${demo.server.baseUrl}${path}`)
    await page.locator(selector).first().waitFor({ timeout: 15_000 })
  }

  /** One signed-in page per user and language, shared by that user's tests (signing in is the slow part). */
  const sessions = new Map<string, Promise<{ page: Page; org: string }>>()
  const signedIn = (email: string, language: 'en' | 'fi') => {
    const key = `${email} ${language}`
    let session = sessions.get(key)
    if (!session) {
      session = demo.signedIn(email, DESKTOP, language).then(async (page) => ({
        page,
        org: `/org/${await demo.orgId(page)}`,
      }))
      sessions.set(key, session)
    }
    return session
  }
  const viewports = [DESKTOP, PHONE]

  /**
   * Staff sign in with TOTP, enrolled once per server: one page each for the whole file (a second
   * enrolment would find the account already enrolled).
   */
  const staff = new Map<string, Promise<Page>>()
  const staffPage = (email: string) => {
    let page = staff.get(email)
    if (!page) {
      page = demo.newPage(DESKTOP).then(async (p) => {
        await logInEnrollingTotp(p, demo.server.baseUrl, email)
        return p
      })
      staff.set(email, page)
    }
    return page
  }

  // One test per page and width, so a slow machine slows each test a little instead of pushing
  // one long sweep past its timeout.
  for (const viewport of viewports) {
    it(`the login page at ${viewport.width}px`, async () => {
      const page = await demo.newPage(viewport)
      await ready(page, '/login', 'input[type=password]')
      expect(await violationsInBothThemes(page)).toEqual([])
    })
  }

  // Cases and chat as a resident and as a board member (who also sees management and notes).
  for (const [email, language] of [
    ['resident@example.com', 'en'],
    ['board@example.com', 'fi'],
  ] as const) {
    for (const viewport of viewports) {
      const pages: Array<[string, (org: string) => string, string]> = [
        ['home', () => '/', 'main h1'],
        ['cases', (org) => `${org}/cases`, '.case-list'],
        ['new case', (org) => `${org}/cases/new`, 'form'],
        ['notifications', (org) => `${org}/notifications`, 'main h1'],
        ['chat', (org) => `${org}/chat`, '.channel-list a'],
      ]
      for (const [name, path, selector] of pages) {
        it(`${name} as ${email} at ${viewport.width}px`, async () => {
          const { page, org } = await signedIn(email, language)
          await page.setViewportSize(viewport)
          await ready(page, path(org), selector)
          expect(await violationsInBothThemes(page)).toEqual([])
        })
      }
      it(`a case as ${email} at ${viewport.width}px`, async () => {
        const { page, org } = await signedIn(email, language)
        await page.setViewportSize(viewport)
        // The demo's leak, opened from the list.
        await ready(page, `${org}/cases`, '.case-list a')
        await page.locator('.case-list a').last().click()
        await page.locator('section[aria-label] .message').first().waitFor({ timeout: 15_000 })
        expect(await violationsInBothThemes(page)).toEqual([])
      })
      it(`a channel as ${email} at ${viewport.width}px`, async () => {
        const { page, org } = await signedIn(email, language)
        await page.setViewportSize(viewport)
        await ready(page, `${org}/chat`, '.channel-list a')
        await page.locator('.channel-list a').first().click()
        await page.getByRole('log').locator('.message').first().waitFor({ timeout: 15_000 })
        expect(await violationsInBothThemes(page)).toEqual([])
      })
    }
  }

  // The rest of the app as a board member, in English.
  for (const viewport of viewports) {
    const pages: Array<[(org: string) => string, string]> = [
      [(org) => org, 'main h1'],
      [(org) => `${org}/members`, 'main table, main ul'],
      [(org) => `${org}/bookings`, '.slot, main h2'],
      [(org) => `${org}/boards`, 'main a[href*="/boards/"]'],
      [(org) => `${org}/tasks`, 'main h1'],
      [(org) => `${org}/documents`, 'main h1'],
      [(org) => `${org}/kb`, 'main h1'],
      [() => '/profile', 'main form'],
      [() => '/profile/data', 'main h2'],
      [() => '/profile/activity', 'main table, main .empty-state'],
      [() => '/search?q=sauna', '.search-page__status'],
    ]
    for (const [path, selector] of pages) {
      const shown = path('/org/:id')
      it(`${shown} as a board member at ${viewport.width}px`, async () => {
        const { page, org } = await signedIn('board@example.com', 'en')
        await page.setViewportSize(viewport)
        await ready(page, path(org), selector)
        expect(await violationsInBothThemes(page)).toEqual([])
      })
    }
    // The pages below a list, each opened from its list's first item (issue 20's screenshots).
    const deep: Array<[string, (org: string) => string, string, RegExp, string]> = [
      ['an article', (org) => `${org}/kb`, '.kb__link', /\/kb\/[0-9a-f-]{36}$/, 'article'],
      [
        'a folder',
        (org) => `${org}/documents`,
        '.folder-tree__link',
        /\/documents\/[0-9a-f-]{36}$/,
        'main h2',
      ],
      [
        'a meter',
        (org) => `${org}/meters`,
        'main a[href*="/meters/"]',
        /\/meters\/[0-9a-f-]{36}$/,
        'main h2',
      ],
    ]
    for (const [name, list, link, opened, selector] of deep) {
      it(`${name} as a board member at ${viewport.width}px`, async () => {
        const { page, org } = await signedIn('board@example.com', 'en')
        await page.setViewportSize(viewport)
        await ready(page, list(org), link)
        const href = await page
          .locator(link)
          .evaluateAll(
            (as, re) => as.map((a) => a.getAttribute('href') ?? '').find((h) => new RegExp(re).test(h)),
            opened.source,
          )
        await page.locator(`main a[href="${href}"]`).first().click()
        await page.waitForURL(opened, { timeout: 15_000 })
        await page.locator(selector).first().waitFor({ timeout: 15_000 })
        expect(await violationsInBothThemes(page)).toEqual([])
      })
    }
    it(`the apartment as a resident at ${viewport.width}px`, async () => {
      // The board member has no apartment; the resident's only one (A 3) opens at once.
      const { page, org } = await signedIn('resident@example.com', 'en')
      await page.setViewportSize(viewport)
      await ready(page, `${org}/apartment`, '.apartment__facts')
      expect(await violationsInBothThemes(page)).toEqual([])
    })
    it(`a board as a board member at ${viewport.width}px`, async () => {
      const { page, org } = await signedIn('board@example.com', 'en')
      await page.setViewportSize(viewport)
      await ready(page, `${org}/boards`, 'main a[href*="/boards/"]')
      await page.locator('main a[href*="/boards/"]').first().click()
      await page.locator('.board-card').first().waitFor({ timeout: 15_000 })
      expect(await violationsInBothThemes(page)).toEqual([])
    })
  }

  // The back office as the demo property manager (TOTP): the cooperative's erasure requests,
  // settings, retention and activity history; and the platform admin's new-organisation dialog.
  for (const viewport of viewports) {
    const pages: Array<[string, string, string]> = [
      ['erasure requests', 'erasure-requests', 'main table, main .empty-state'],
      ['settings', 'settings', 'main form'],
      ['retention', 'retention', 'main form'],
      ['activity history', 'activity', 'main table, main .empty-state'],
    ]
    for (const [name, path, selector] of pages) {
      it(`${name} as a property manager at ${viewport.width}px`, async () => {
        const page = await staffPage('manager@example.com')
        await page.setViewportSize(viewport)
        const org = await demo.orgId(page)
        await ready(page, `/org/${org}/${path}`, selector)
        expect(await violationsInBothThemes(page)).toEqual([])
      })
    }
    it(`the create organisation dialog as a platform admin at ${viewport.width}px`, async () => {
      const page = await staffPage('admin@example.com')
      await page.setViewportSize(viewport)
      await ready(page, '/admin/orgs', 'main h1')
      await page.getByRole('button', { name: 'New organisation…' }).click()
      await page.getByRole('dialog').getByLabel('Name', { exact: true }).waitFor({ timeout: 15_000 })
      expect(await violationsInBothThemes(page)).toEqual([])
      await page.keyboard.press('Escape')
    })
  }

  it('dialogs: search, booking a slot, a moderator hiding a message', async () => {
    const page = await demo.signedIn('board@example.com', DESKTOP, 'en')
    const org = `/org/${await demo.orgId(page)}`
    await ready(page, '/', 'main h1')
    await page.keyboard.press('Control+k')
    await page.getByRole('combobox', { name: 'Search' }).fill('sauna')
    await page.getByRole('dialog').getByRole('option').first().waitFor({ timeout: 15_000 })
    expect(await violationsInBothThemes(page), 'search dialog').toEqual([])
    await page.keyboard.press('Escape')

    // Next week is entirely bookable, whatever day the test runs.
    await ready(page, `${org}/bookings`, '.live--on')
    await page.getByRole('button', { name: 'Next week' }).click()
    await page.locator('button.slot--free').first().click()
    await page.getByRole('dialog').waitFor()
    expect(await violationsInBothThemes(page), 'booking dialog').toEqual([])
    await page.keyboard.press('Escape')

    // The manager (a channel moderator, signed in with TOTP) opens the hide dialog.
    const manager = await staffPage('manager@example.com')
    await manager.setViewportSize(DESKTOP)
    await ready(manager, `${org}/chat`, '.channel-list a')
    await manager.locator('.channel-list a').first().click()
    const message = manager.getByRole('log').locator('.message').first()
    await message.waitFor({ timeout: 15_000 })
    await message.getByRole('button', { name: /^(Hide|Piilota|Dölj)$/ }).click()
    await manager.getByRole('dialog').waitFor()
    expect(await violationsInBothThemes(manager), 'hide dialog').toEqual([])
  })
})
