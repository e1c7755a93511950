import { createAsync, revalidate } from '@solidjs/router'
import { createEffect, Show } from 'solid-js'
import { AttachmentList } from './AttachmentList.tsx'
import { getAttachments } from './data.ts'

/** Ids already asked for once: a forged id that never resolves must not refetch forever. */
const refetched = new Set<string>()

/**
 * The files of one chat message. The message holds only ids; they resolve against the thread's
 * attachments (one cached list per thread), and only files the message's author uploaded to this
 * thread are shown: an id pointing anywhere else shows nothing (docs/COLLAB.md).
 */
export function MessageAttachments(props: {
  orgId: string
  threadId: string
  authorId: string
  ids: string[]
}) {
  const list = createAsync(() =>
    getAttachments(props.orgId, 'message', props.threadId).catch(() => undefined),
  )
  const files = () =>
    (list()?.attachments ?? []).filter((a) => props.ids.includes(a.id) && a.uploadedBy === props.authorId)
  // A message that arrived live may name files uploaded after the list was loaded.
  createEffect(() => {
    const known = new Set((list()?.attachments ?? []).map((a) => a.id))
    const missing = list() ? props.ids.filter((id) => !known.has(id) && !refetched.has(id)) : []
    if (missing.length === 0) return
    for (const id of missing) refetched.add(id)
    void revalidate(getAttachments.keyFor(props.orgId, 'message', props.threadId))
  })
  return (
    <Show when={files().length > 0}>
      <div class="message__attachments">
        <AttachmentList orgId={props.orgId} attachments={files()} compact />
      </div>
    </Show>
  )
}
