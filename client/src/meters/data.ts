import { query } from '@solidjs/router'
import type {
  ConsumptionResponse,
  FlaggedReading,
  MeterList,
  MeterSummary,
  ReadingList,
  RoundDetail,
  RoundSummary,
  SubmittedReading,
} from '../../../schema/api/meters.ts'
import { ApiError, api } from '../api.ts'

/** The meter pages' calls to /api/meters (see api/meters and docs/METERS.md). */

export const getMeters = query(
  (orgId: string, buildingId?: string) =>
    api.get<MeterList>(`/meters/${orgId}${buildingId ? `?buildingId=${buildingId}` : ''}`),
  'meters',
)
export const getReadings = query(
  (orgId: string, meterId: string) => api.get<ReadingList>(`/meters/${orgId}/${meterId}/readings`),
  'meter-readings',
)
export const getConsumption = query(
  (orgId: string, meterId: string) =>
    api.get<ConsumptionResponse>(`/meters/${orgId}/consumption?meterId=${meterId}`),
  'meter-consumption',
)
export const getReview = query(
  (orgId: string) => api.get<{ readings: FlaggedReading[] }>(`/meters/${orgId}/review`),
  'meter-review',
)
export const getRounds = query(
  (orgId: string) => api.get<{ rounds: (RoundSummary & { mine: boolean })[] }>(`/meters/${orgId}/rounds`),
  'meter-rounds',
)
export const getRound = query(
  (orgId: string, roundId: string) => api.get<{ round: RoundDetail }>(`/meters/${orgId}/rounds/${roundId}`),
  'meter-round',
)

/** Staff: correct a meter's serial number, unit, location or kind (only the fields given). */
export const updateMeter = (orgId: string, meterId: string, changes: Record<string, string>) =>
  api.patch<{ meter: MeterSummary }>(`/meters/${orgId}/${meterId}`, changes)

export const submitReading = (
  orgId: string,
  meterId: string,
  body: { value: string; readOn: string; meterChange: boolean },
) => api.post<SubmittedReading>(`/meters/${orgId}/${meterId}/readings`, body)

/** The photo goes as the raw body (streamed and sniffed by the server), after the reading. */
export async function uploadPhoto(orgId: string, readingId: string, file: File): Promise<void> {
  const res = await fetch(`/api/meters/${orgId}/readings/${readingId}/photo`, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'content-type': file.type || 'application/octet-stream' },
    body: file,
  })
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string }
    } | null
    throw new ApiError(
      (body?.error?.code as ApiError['code']) ?? 'internal',
      body?.error?.message ?? `HTTP ${res.status}`,
      res.status,
    )
  }
}

export const csvUrl = (orgId: string, meterId: string, lang: string) =>
  `/api/meters/${orgId}/consumption?meterId=${meterId}&format=csv&lang=${lang}`
