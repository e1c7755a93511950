import axe from 'axe-core'
import type { Frame, Page } from 'playwright-core'
import { expect } from 'vitest'
import { DESKTOP, PHONE, snap } from './browser.ts'

declare global {
  interface Window {
    axe: typeof axe
  }
}

/** WCAG 2.1 A and AA, as axe-core checks them. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** axe-core in a frame, once per document (a navigation starts a document without it). */
async function injected(frame: Frame): Promise<void> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axe.source)
}

/**
 * The page's violations, one line each: rule, impact, and the elements it found.
 *
 * `axe.run` in the page itself, with axe injected in every frame (axe reaches a same-origin frame
 * through the copy injected there; this app's one frame, the document preview, is served by our
 * own origin). This replaced `@axe-core/playwright`, whose default ran `axe.runPartial` per frame
 * and `axe.finishRun` in a new blank tab, and whose legacy mode still evaluated axe's 1.5 MB
 * source twice per check and built selectors for every passing element. Here axe is injected once
 * per document and only violations are collected: every rule still runs on every element, but no
 * selectors or HTML snippets are built for the passes, incomplete and inapplicable results that
 * nothing here reads (axe's API docs: `resultTypes`, under performance). The same page on the
 * loaded 2-core machine: 1.2–4.5 s per check before, 0.1–0.5 s after, the same violations found
 * (an image without alt text and low-contrast text added to the page: both named by both).
 */
export async function violations(page: Page): Promise<string[]> {
  for (const frame of page.frames()) {
    // A child frame that is going away is left out (as @axe-core/playwright did); the page is not.
    if (frame === page.mainFrame()) await injected(frame)
    else await injected(frame).catch(() => {})
  }
  return page.evaluate(async (tags) => {
    const results = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    })
    return results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    )
  }, WCAG)
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
