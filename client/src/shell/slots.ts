import { type Component, createSignal } from 'solid-js'
import type { MeOrganisation } from '../../../schema/api/users.ts'
import type { MessageKey } from '../i18n/index.ts'

/**
 * Extension points of the shell for other client modules (e.g. client/src/collab/), so they can
 * add to the header and navigation without editing it. Call these before `render` (in main.tsx)
 * or at any time: the shell reacts.
 */

const [statusArea, setStatusArea] = createSignal<Component | undefined>()

/** What the header shows in its sync/status area (saving / saved / offline, presence…). */
export { statusArea }
export function provideStatusArea(component: Component): void {
  setStatusArea(() => component)
}

export interface OrgNavItem {
  /** Path below /org/:orgId, e.g. 'chat' → /org/:orgId/chat. */
  path: string
  label: MessageKey
  /** Whether the item exists for this user in this organisation. */
  visible: (org: MeOrganisation) => boolean
  /**
   * 'admin': the organisation's own administration (retention, activity, settings), listed right
   * after Members and Audit log; otherwise the item follows them, in registration order.
   */
  group?: 'admin'
  /** Optional badge (unread count); 0 or undefined hides it. */
  badge?: (org: MeOrganisation) => number | undefined
}

const [orgNavItems, setOrgNavItems] = createSignal<readonly OrgNavItem[]>([])

export { orgNavItems }
export function registerOrgNavItem(item: OrgNavItem): void {
  setOrgNavItems((items) => [...items.filter((i) => i.path !== item.path), item])
}
