import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { DESKTOP, PHONE, snap } from './browser.ts'

/** WCAG 2.1 A and AA, as axe-core checks them. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** The page's violations, one line each: rule, impact, and the elements it found. */
export async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze()
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
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
