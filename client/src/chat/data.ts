import { query } from '@solidjs/router'
import type { LocalNames } from '../../../schema/localNames.ts'
import type { ThreadAudience } from '../../../schema/policy.ts'
import { api } from '../api.ts'
import { mutation } from '../ui/mutation.ts'

/** A standing channel as GET /api/collab/threads lists it, with the caller's abilities. */
export interface Channel {
  id: string
  /** In my language (the server's choice); `names` as staff gave them (fi/sv/en). */
  title: string
  names?: LocalNames
  audience: ThreadAudience
  archived: boolean
  /** The live document's name, `<orgId>/thread/<id>`. */
  document: string
  /** `history`: reads every version of a message (moderators and auditors). */
  abilities: { write: boolean; moderate: boolean; history?: boolean; rename?: boolean }
}

export interface ChannelList {
  threads: Channel[]
  abilities: { create: boolean }
}

export const getChannels = query(
  (orgId: string) => api.get<ChannelList>(`/collab/threads?org=${encodeURIComponent(orgId)}`),
  'chat.channels',
)

export const getThreadPeople = query(
  async (threadId: string) =>
    (await api.get<{ people: Array<{ id: string; name: string }> }>(`/collab/threads/${threadId}/people`))
      .people,
  'chat.people',
)

export function createChannel(orgId: string, names: LocalNames, audience: ThreadAudience) {
  return api.post<{ id: string; title: string; audience: ThreadAudience; document: string }>(
    '/collab/threads',
    { org: orgId, names, audience },
  )
}

export function renameChannel(threadId: string, names: LocalNames) {
  return api.patch<{ id: string; title: string; names: LocalNames }>(`/collab/threads/${threadId}`, { names })
}

/** A new channel, as a router action that refetches the channel list (ui/mutation.ts). */
export const createChannelAction = mutation('chat-create-channel', createChannel, () => [getChannels.key])
/** A channel's names in fi, sv and en; refetches the channel list. */
export const renameChannelAction = mutation('chat-rename-channel', renameChannel, () => [getChannels.key])
