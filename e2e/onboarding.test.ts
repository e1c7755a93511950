import { describe, expect, it, vi } from 'vitest'
import { apartmentsCsv, newBusinessId } from '../api/onboarding/testData.ts'
import { chromiumAvailable, DESKTOP, logInEnrollingTotp, PHONE, snap } from './support/browser.ts'
import { useDemoBrowsers } from './support/demoBrowsers.ts'

/**
 * Issue 18 in Chromium: the property manager creates a cooperative, uploads a CSV of 40
 * apartments and invites its board from a CSV; the new board member follows the mailed link,
 * joins and sees the cooperative.
 */
// The demo server starts with every migration and the seed on PGlite: minutes on a loaded machine.
vi.setConfig({ hookTimeout: 420_000 })

describe.skipIf(!chromiumAvailable())('onboarding a cooperative', () => {
  const demo = useDemoBrowsers()

  it('staff onboard a cooperative with 40 apartments and its board; the board member joins and sees it', async () => {
    const staff = await demo.newPage(DESKTOP)
    await logInEnrollingTotp(staff, demo.server.baseUrl, 'manager@example.com')
    await staff.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Isännöinti Demo Oy' })
    await staff.waitForURL(/\/org\/[0-9a-f-]+$/)
    await staff.getByRole('navigation').getByRole('link', { name: 'Cooperatives' }).click()
    await staff.waitForURL(/\/onboarding$/)
    const name = `As Oy Pihlajapolku ${Date.now().toString(36)}`
    await staff.getByLabel('Name').fill(name)
    await staff.getByLabel('Business ID (Y-tunnus)').fill(newBusinessId())
    await staff.getByLabel('Address').fill('Pihlajapolku 4, 00200 Helsinki')
    await staff.getByLabel('Fiscal year starts in').selectOption('7')
    await staff.getByRole('button', { name: 'Create cooperative' }).click()
    await staff.waitForURL(/\/org\/[0-9a-f-]+\/setup$/)
    await expect.poll(() => staff.getByRole('heading', { level: 1 }).textContent()).toContain(name)

    await staff.locator('#apartments-file').setInputFiles({
      name: 'apartments.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(apartmentsCsv(40)),
    })
    await staff.locator('#apartments-title + p + form button[type=submit]').click()
    await expect
      .poll(() => staff.getByTestId('apartments-report').textContent(), { timeout: 30_000 })
      .toContain('40 created, 0 updated, 0 unchanged, 0 refused')
    await expect.poll(() => staff.locator('[data-step=apartments]').textContent()).toContain('(40)')

    const invitee = `hallitus.${Date.now().toString(36)}@example.com`
    await staff.locator('#invitations-file').setInputFiles({
      name: 'board.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `email,role,apartment,language\n${invitee},board_member,,en\nnot-an-email,owner,,fi\n`,
      ),
    })
    await staff.locator('#invitations-title + p + form button[type=submit]').click()
    await expect
      .poll(() => staff.getByTestId('invitations-report').textContent())
      .toContain('1 invited, 0 skipped, 1 refused')
    await expect.poll(() => staff.locator('[data-step=board]').textContent()).toContain('(1)')
    await snap(staff, 'onboarding-setup-desktop')
    await staff.setViewportSize(PHONE)
    await snap(staff, 'onboarding-setup-phone')

    const guest = await demo.newPage(PHONE)
    await guest.goto(`${demo.server.baseUrl}/dev/mailbox`)
    const mail = guest.locator('.mail', { hasText: invitee }).first()
    await expect.poll(() => mail.count(), { timeout: 15_000 }).toBe(1)
    expect(await mail.textContent()).toContain('You are invited')
    await mail.locator('a[href^="/invitation?token="]').click()
    await guest.waitForURL(/\/invitation\?token=/)
    await guest.getByLabel('Name').fill('Helmi Hallitus')
    await guest.getByLabel('Password').fill('helmi-password-1')
    await guest.getByRole('button', { name: /Accept the invitation|Hyväksy kutsu/ }).click()
    await guest.waitForURL(/\/org\/[0-9a-f-]+$/)
    await expect.poll(() => guest.getByRole('heading', { level: 1 }).textContent()).toBe(name)
    await snap(guest, 'onboarding-board-member-phone')
  })
})
