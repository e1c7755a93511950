import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { DESKTOP, PHONE, snap } from './browser.ts'

/** WCAG 2.1 A and AA, as axe-core checks them. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/**
 * The page's violations, one line each: rule, impact, and the elements it found.
 *
 * Legacy mode: `axe.run` in the page itself. The default runs `axe.runPartial` in each frame and
 * then `axe.finishRun` in a new blank page (a new tab with axe injected once more), which made
 * every check about twice as slow (12.7 → 5.5 s median on the loaded 2-core machine, same
 * violations found). What legacy mode gives up is checking cross-origin frames, and this app has
 * none: its one frame, the document preview, is served by our own origin.
 */
export async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).setLegacyMode().analyze()
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
}

/**
 * The page's violations in the light and then the dark theme (the system's preference, which the
 * tokens follow while the profile has no choice of its own), each line prefixed with its theme;
 * the page is left in the light theme.
 */
export async function violationsInBothThemes(page: Page): Promise<string[]> {
  const out: string[] = []
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    out.push(...(await violations(page)).map((v) => `${colorScheme}: ${v}`))
  }
  await page.emulateMedia({ colorScheme: 'light' })
  return out
}

/** The page's full width: more than the viewport's means the page scrolls sideways. */
export function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth)
}

/** axe and no sideways scroll at desktop and phone width, with a screenshot of each; ends at desktop. */
export async function checkBothWidths(page: Page, name: string) {
  for (const [viewport, suffix] of [
    [DESKTOP, 'desktop'],
    [PHONE, 'phone'],
  ] as const) {
    await page.setViewportSize(viewport)
    await snap(page, `${name}-${suffix}`)
    expect(await violations(page), `${name} at ${viewport.width}px`).toEqual([])
    expect(await pageWidth(page)).toBeLessThanOrEqual(viewport.width)
  }
  await page.setViewportSize(DESKTOP)
}
