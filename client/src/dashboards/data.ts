import type {
  ApartmentSummary,
  ApartmentView,
  DashboardDefault,
  DashboardLayout,
  OrgInfo,
  OrgInfoBody,
  OrgLink,
  ServiceHistory,
} from '../../../schema/api/dashboards.ts'
import type { Widget } from '../../../schema/dashboards/widgets.ts'
import type { RoleGroup } from '../../../schema/roles.ts'
import { api } from '../api.ts'

/** The dashboard, information, apartment and history pages' calls (api/dashboards, orginfo, apartments, history). */
export const getLayout = (orgId: string) => api.get<DashboardLayout>(`/dashboards/${orgId}`)
export const saveLayout = (orgId: string, widgets: Widget[]) =>
  api.put<DashboardLayout>(`/dashboards/${orgId}`, { widgets })
export const resetLayout = (orgId: string) => api.delete<DashboardLayout>(`/dashboards/${orgId}`)
export const getDefaults = (orgId: string) =>
  api.get<{ defaults: DashboardDefault[] }>(`/dashboards/${orgId}/defaults`)
export const saveDefault = (orgId: string, group: RoleGroup, widgets: Widget[]) =>
  api.put<DashboardDefault>(`/dashboards/${orgId}/defaults/${group}`, { widgets })
export const revertDefault = (orgId: string, group: RoleGroup) =>
  api.delete<DashboardDefault>(`/dashboards/${orgId}/defaults/${group}`)

export interface InfoResponse {
  info: OrgInfo
  links: OrgLink[]
  abilities: { defaults: boolean; readInfo: boolean; editInfo: boolean; manageLinks: boolean }
}
export const getInfo = (orgId: string) => api.get<InfoResponse>(`/orginfo/${orgId}`)
export const saveInfo = (orgId: string, body: OrgInfoBody) =>
  api.put<{ info: OrgInfo }>(`/orginfo/${orgId}`, body)
export const addLink = (orgId: string, body: Omit<OrgLink, 'id' | 'position'>) =>
  api.post<{ link: OrgLink }>(`/orginfo/${orgId}/links`, body)
export const removeLink = (orgId: string, linkId: string) =>
  api.delete<null>(`/orginfo/${orgId}/links/${linkId}`)
export const orderLinks = (orgId: string, ids: string[]) =>
  api.put<{ links: OrgLink[] }>(`/orginfo/${orgId}/links-order`, { ids })

export const getMyApartments = (orgId: string) =>
  api.get<{ apartments: ApartmentSummary[] }>(`/apartments/${orgId}/mine`)
export const getApartment = (orgId: string, apartmentId: string) =>
  api.get<ApartmentView>(`/apartments/${orgId}/${apartmentId}`)
export const getHistory = (orgId: string, kind: 'buildings' | 'apartments', id: string) =>
  api.get<ServiceHistory>(`/history/${orgId}/${kind}/${id}`)
