import { mutation, succeeded } from '../../ui/mutation.ts'
import { getMine, getOverview, getWeek, setResourceActive } from '../data.ts'
import {
  addBlackout,
  createCategory,
  createLink,
  createQuotaGroup,
  createResource,
  createShift,
  endShift,
  getBlackouts,
  getShifts,
  type ResourceInput,
  removeBlackout,
  removeLink,
  renameCategory,
  updateQuotaGroup,
  updateResource,
} from './staffData.ts'

/**
 * The staff's changes to bookable resources as router actions (ui/mutation.ts), each refetching
 * the overview, calendar or lists it changes before the form hears it succeeded.
 */
const overview = () => [getOverview.key]

/** A new resource (no `resourceId`) or changes to one; the calendar shows its rules too. */
export const saveResourceAction = mutation(
  'bookings-save-resource',
  (orgId: string, resourceId: string | undefined, body: ResourceInput) => {
    if (resourceId) return updateResource(orgId, resourceId, body)
    const { active: _active, ...create } = body
    return createResource(orgId, create)
  },
  () => [getOverview.key, getWeek.key],
)
export const setActiveAction = mutation('bookings-resource-active', setResourceActive, overview)

export const createLinkAction = mutation('bookings-link', succeeded(createLink), overview)
export const removeLinkAction = mutation('bookings-unlink', succeeded(removeLink), overview)

const blackouts = () => [getBlackouts.key]
export const addBlackoutAction = mutation('bookings-add-blackout', succeeded(addBlackout), blackouts)
export const removeBlackoutAction = mutation('bookings-remove-blackout', succeeded(removeBlackout), blackouts)

const shifts = () => [getShifts.key, getWeek.key, getMine.key]
export const createShiftAction = mutation('bookings-create-shift', createShift, shifts)
export const endShiftAction = mutation('bookings-end-shift', endShift, shifts)

/** Categories named in fi, sv and en, and quota groups (Groups.tsx). */
export const createCategoryAction = mutation('bookings-create-category', succeeded(createCategory), overview)
export const renameCategoryAction = mutation('bookings-rename-category', succeeded(renameCategory), overview)
export const createQuotaGroupAction = mutation(
  'bookings-create-quota-group',
  succeeded(createQuotaGroup),
  overview,
)
export const updateQuotaGroupAction = mutation(
  'bookings-update-quota-group',
  succeeded(updateQuotaGroup),
  overview,
)
