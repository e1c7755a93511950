import { api } from '../api.ts'
import { errorMessage } from '../ui/errors.ts'
import { mutation } from '../ui/mutation.ts'
import {
  getConsumption,
  getMeters,
  getReadings,
  getReview,
  getRound,
  getRounds,
  submitReading,
  updateMeter,
  uploadPhoto,
} from './data.ts'

/**
 * The meter pages' changes as router actions (ui/mutation.ts), each refetching what it changes
 * on whichever page shows it. Push-driven refreshes (a round's progress) stay in live.ts.
 */

/**
 * A reading, then its photo (if any) before the pages refetch, so they show it. A refused photo
 * does not undo the reading: it comes back as `photoError` to be said beside the saved reading.
 */
export const submitReadingAction = mutation(
  'meters-submit-reading',
  async (
    orgId: string,
    meterId: string,
    body: { value: string; readOn: string; meterChange: boolean },
    photo: File | undefined,
  ) => {
    const { reading } = await submitReading(orgId, meterId, body)
    let photoError: string | undefined
    if (photo) {
      try {
        await uploadPhoto(orgId, reading.id, photo)
      } catch (error) {
        photoError = errorMessage(error)
      }
    }
    return { reading, photoSaved: photo !== undefined && photoError === undefined, photoError }
  },
  () => [getReadings.key, getConsumption.key, getMeters.key, getRounds.key],
)
export const createMeterAction = mutation(
  'meters-create',
  async (orgId: string, body: Record<string, FormDataEntryValue | null>) => {
    await api.post(`/meters/${orgId}`, body)
    return true
  },
  () => [getMeters.key, getRounds.key],
)
export const updateMeterAction = mutation('meters-update', updateMeter, () => [
  getReadings.key,
  getMeters.key,
])
export const reviewReadingAction = mutation(
  'meters-review',
  async (orgId: string, readingId: string, decision: 'accepted' | 'rejected') => {
    await api.post(`/meters/${orgId}/readings/${readingId}/review`, { decision })
    return true
  },
  (orgId) => [getReview.keyFor(orgId)],
)
export const createRoundAction = mutation(
  'meters-create-round',
  async (orgId: string, body: Record<string, FormDataEntryValue | null>) => {
    await api.post(`/meters/${orgId}/rounds`, body)
    return true
  },
  (orgId) => [getRounds.keyFor(orgId)],
)
export const closeRoundAction = mutation(
  'meters-close-round',
  async (orgId: string, roundId: string) => {
    await api.post(`/meters/${orgId}/rounds/${roundId}/close`)
    return true
  },
  (orgId, roundId) => [getRound.keyFor(orgId, roundId), getRounds.keyFor(orgId)],
)
