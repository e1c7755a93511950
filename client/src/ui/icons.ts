/**
 * The icon set: lucide (ISC), imported one file per icon so only the icons used are bundled and
 * the dev server does not load all 1,600. Icons are decorative (aria-hidden); the control that
 * holds one carries the accessible name. Add an icon here, not in a page.
 *
 * lucide-solid's per-icon type files are ESM in a package without "type": "module", so under
 * NodeNext TypeScript reads their default export as the module object; Vite imports the component.
 * `icon()` states the real type once instead of at every use.
 */
import type { LucideProps } from 'lucide-solid'
import IconArrowLeft_ from 'lucide-solid/icons/arrow-left'
import IconBell_ from 'lucide-solid/icons/bell'
import IconCalendar_ from 'lucide-solid/icons/calendar'
import IconCalendarPlus_ from 'lucide-solid/icons/calendar-plus'
import IconCheck_ from 'lucide-solid/icons/check'
import IconChevronDown_ from 'lucide-solid/icons/chevron-down'
import IconChevronLeft_ from 'lucide-solid/icons/chevron-left'
import IconChevronRight_ from 'lucide-solid/icons/chevron-right'
import IconAlert_ from 'lucide-solid/icons/circle-alert'
import IconClock_ from 'lucide-solid/icons/clock'
import IconSmilePlus_ from 'lucide-solid/icons/face-slightly-smiling-plus'
import IconFolder_ from 'lucide-solid/icons/folder'
import IconFolderOpen_ from 'lucide-solid/icons/folder-open'
import IconHome_ from 'lucide-solid/icons/house'
import IconInbox_ from 'lucide-solid/icons/inbox'
import IconFilter_ from 'lucide-solid/icons/list-filter'
import IconMenu_ from 'lucide-solid/icons/menu'
import IconMoon_ from 'lucide-solid/icons/moon'
import IconPlus_ from 'lucide-solid/icons/plus'
import IconRefresh_ from 'lucide-solid/icons/refresh-cw'
import IconSearch_ from 'lucide-solid/icons/search'
import IconSun_ from 'lucide-solid/icons/sun'
import IconTrash_ from 'lucide-solid/icons/trash'
import IconUndo_ from 'lucide-solid/icons/undo-2'
import IconX_ from 'lucide-solid/icons/x'
import type { JSX } from 'solid-js'

export type Icon = (props: LucideProps) => JSX.Element
const icon = (module: unknown) => module as Icon

export const IconAlert = icon(IconAlert_)
export const IconArrowLeft = icon(IconArrowLeft_)
export const IconBell = icon(IconBell_)
export const IconCalendar = icon(IconCalendar_)
export const IconCalendarPlus = icon(IconCalendarPlus_)
export const IconCheck = icon(IconCheck_)
export const IconChevronDown = icon(IconChevronDown_)
export const IconChevronLeft = icon(IconChevronLeft_)
export const IconChevronRight = icon(IconChevronRight_)
export const IconClock = icon(IconClock_)
export const IconFilter = icon(IconFilter_)
export const IconFolder = icon(IconFolder_)
export const IconFolderOpen = icon(IconFolderOpen_)
export const IconHome = icon(IconHome_)
export const IconInbox = icon(IconInbox_)
export const IconMenu = icon(IconMenu_)
export const IconMoon = icon(IconMoon_)
export const IconPlus = icon(IconPlus_)
export const IconRefresh = icon(IconRefresh_)
export const IconSearch = icon(IconSearch_)
export const IconSmilePlus = icon(IconSmilePlus_)
export const IconSun = icon(IconSun_)
export const IconTrash = icon(IconTrash_)
export const IconUndo = icon(IconUndo_)
export const IconX = icon(IconX_)
