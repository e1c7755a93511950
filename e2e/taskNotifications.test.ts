import { describe, expect, it } from 'vitest'
import { chromiumAvailable, DESKTOP, logIn, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * "Assigned to you" in a real browser: a board member assigns a card to another; the other sees
 * a red badge on My tasks appear without reloading (the seeded roof inspection is Hanna's), the item on the notifications page, and the
 * badge goes away once My tasks is open.
 */
const run = chromiumAvailable()

describe.skipIf(!run)('task notifications in Chromium', () => {
  const demo = useDemoBrowsers()

  it('assigning a card shows a live My tasks badge and a notification to the assignee', async () => {
    const hanna = await demo.signedIn('board@example.com', DESKTOP, 'en')
    const coop = await demo.orgId(hanna, 'As Oy Koivukuja')
    const sanna = await demo.signedIn('board2@example.com', DESKTOP, 'en')
    await sanna.goto(`${demo.server.baseUrl}/org/${coop}/boards`)
    const myTasks = sanna
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: /My tasks/ })
    await sanna.waitForURL(new RegExp(`/org/${coop}/boards$`))
    await expect.poll(() => myTasks.count(), { timeout: 10_000 }).toBe(1)
    expect(await myTasks.locator('.badge').count()).toBe(0)

    await hanna.goto(`${demo.server.baseUrl}/org/${coop}/boards`)
    await hanna.getByRole('link', { name: /Remontti 2027/ }).click()
    await hanna.waitForURL(new RegExp(`/org/${coop}/boards/[0-9a-f-]+$`))
    const card = hanna.locator('.board-card').filter({ hasText: 'Katon tarkastus' })
    await card.getByRole('button', { name: /Katon tarkastus/ }).click()
    await hanna.getByLabel('Assignee').selectOption({ label: 'Sanna Sihteeri' })

    // Sanna: the badge appears live (projection at the document's next store, then the notifier).
    await expect.poll(() => myTasks.locator('.badge').textContent(), { timeout: 20_000 }).toBe('1')
    await snap(sanna, 'task-badge-desktop')
    await sanna
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: /New for you/ })
      .click()
    const item = sanna.locator('.notification').filter({ hasText: 'Katon tarkastus' })
    await expect.poll(() => item.textContent()).toContain('was assigned to you')
    await snap(sanna, 'task-notification-desktop')

    // The same on a phone (a second session; Sanna's profile language is English by now).
    const phone = await demo.newPage(PHONE)
    await logIn(phone, demo.server.baseUrl, 'board2@example.com')
    await phone.waitForURL((url) => url.pathname === '/')
    await phone.goto(`${demo.server.baseUrl}/org/${coop}/notifications`)
    await expect
      .poll(() => phone.locator('.notification').first().textContent(), { timeout: 10_000 })
      .toContain('was assigned to you')
    await snap(phone, 'task-notification-phone')

    // Following the item opens My tasks at the task, which reads the badge away.
    await item.getByRole('link').click()
    await sanna.waitForURL(new RegExp(`/org/${coop}/tasks#task-`))
    await expect.poll(() => sanna.locator('.task').first().textContent()).toBeTruthy()
    expect(await sanna.locator('main').textContent()).toContain('Katon tarkastus')
    await expect.poll(() => myTasks.locator('.badge').count(), { timeout: 10_000 }).toBe(0)
    await snap(sanna, 'task-my-tasks-desktop')
  })
})
