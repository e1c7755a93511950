import type {
  AnnouncementInput,
  AnnouncementReach,
  AnnouncementReachInput,
  AnnouncementView,
  Compose,
  InboxMessage,
  Override,
  PlatformAnnouncementStatus,
  PreviewResult,
  SavedList,
  SavedListInput,
  Segment,
  SendDetail,
  SendSummary,
} from '../../../schema/communications/api.ts'
import { api } from '../api.ts'
import { mutation, succeeded } from '../ui/mutation.ts'

/** The communications pages' calls to /api/communications and /api/announcements. */
export interface Places {
  buildings: Array<{ id: string; name: string }>
  staircases: Array<{ id: string; name: string; buildingId: string }>
  apartments: Array<{ id: string; number: string; buildingId: string }>
}

export const getMessages = () => api.get<{ messages: InboxMessage[] }>('/communications/mine')
export const markMessageRead = (deliveryId: string) => api.post(`/communications/mine/${deliveryId}/read`, {})
export const getPlaces = (orgId: string) => api.get<Places>(`/communications/${orgId}/places`)
export const getSavedLists = (orgId: string) =>
  api.get<{ lists: SavedList[] }>(`/communications/${orgId}/lists`).then((r) => r.lists)
export const saveList = (orgId: string, body: SavedListInput) =>
  api.post<{ id: string }>(`/communications/${orgId}/lists`, body)
export const deleteList = (orgId: string, id: string) => api.delete(`/communications/${orgId}/lists/${id}`)
export const previewAudience = (orgId: string, segments: Segment[], override: Override) =>
  api.post<PreviewResult>(`/communications/${orgId}/preview`, { audience: { segments }, override })
export const sendMessage = (orgId: string, body: Compose) =>
  api.post<{ id: string; recipients: number }>(`/communications/${orgId}/sends`, body)
export const getSends = (orgId: string) => api.get<{ sends: SendSummary[] }>(`/communications/${orgId}/sends`)
export const getSend = (orgId: string, id: string) =>
  api.get<SendDetail>(`/communications/${orgId}/sends/${id}`)
export const cancelSend = (orgId: string, id: string) =>
  api.post(`/communications/${orgId}/sends/${id}/cancel`, {})
export const retrySend = (orgId: string, id: string) =>
  api.post(`/communications/${orgId}/sends/${id}/retry`, {})
export const lettersUrl = (orgId: string, id: string) =>
  `/api/communications/${orgId}/sends/${id}/letters.pdf`
export const getActiveAnnouncements = () =>
  api.get<{ announcements: AnnouncementView[] }>('/announcements/active')
export const dismissAnnouncement = (id: string) => api.post(`/announcements/${id}/dismiss`, {})
export const publishAnnouncement = (orgId: string, body: AnnouncementInput) =>
  api.post<{ id: string }>(`/announcements/org/${orgId}`, body)
export const getOrgAnnouncements = (orgId: string) =>
  api.get<{ announcements: AnnouncementView[] }>(`/announcements/org/${orgId}`)
export const withdrawAnnouncement = (id: string) => api.post(`/announcements/${id}/withdraw`, {})
export const getPlatformAnnouncements = () =>
  api.get<{ announcements: PlatformAnnouncementStatus[] }>('/announcements/platform')
export const publishPlatformAnnouncement = (body: AnnouncementInput) =>
  api.post<{ id: string }>('/announcements', body)
export const orgAnnouncementReach = (orgId: string, body: AnnouncementReachInput) =>
  api.post<AnnouncementReach>(`/announcements/org/${orgId}/reach`, body)
export const platformAnnouncementReach = (body: AnnouncementReachInput) =>
  api.post<AnnouncementReach>('/announcements/platform/reach', body)

/**
 * The changes, as router actions (ui/mutation.ts). These pages read their lists themselves (no
 * router query) and refetch them once an action has succeeded, so none revalidates anything.
 */
export const sendMessageAction = mutation('communications-send', sendMessage, () => [])
export const cancelSendAction = mutation('communications-cancel', cancelSend, () => [])
export const retrySendAction = mutation('communications-retry', retrySend, () => [])
export const saveListAction = mutation('communications-list-save', saveList, () => [])
export const deleteListAction = mutation('communications-list-delete', succeeded(deleteList), () => [])
/** An organisation's announcement (`orgId`), or the platform's (`null`). */
export const publishAnnouncementAction = mutation(
  'announcements-publish',
  async (orgId: string | null, body: AnnouncementInput) => {
    await (orgId ? publishAnnouncement(orgId, body) : publishPlatformAnnouncement(body))
    return true
  },
  () => [],
)
