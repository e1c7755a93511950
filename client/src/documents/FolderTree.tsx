import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { Dynamic } from 'solid-js/web'
import { t } from '../i18n/index.ts'
import { IconFolder, IconFolderOpen } from '../ui/icons.ts'
import type { Folder } from './data.ts'

/**
 * The folders as a nested list of links (Tab moves through them, Enter opens one). A folder
 * whose parent the caller may not read is shown at the top level, so nothing readable hides.
 */
export function FolderTree(props: { orgId: string; folders: Folder[]; current: string | undefined }) {
  const ids = () => new Set(props.folders.map((f) => f.id))
  const childrenOf = (parentId: string | null) =>
    props.folders.filter((f) =>
      parentId === null ? f.parentId === null || !ids().has(f.parentId) : f.parentId === parentId,
    )
  function Branch(branch: { parentId: string | null }) {
    return (
      <ul class="folder-tree__list">
        <For each={childrenOf(branch.parentId)}>
          {(folder) => (
            <li>
              <A
                href={`/org/${props.orgId}/documents/${folder.id}`}
                class="folder-tree__link"
                classList={{ 'is-current': folder.id === props.current }}
                aria-current={folder.id === props.current ? 'page' : undefined}
              >
                <Dynamic
                  component={folder.id === props.current ? IconFolderOpen : IconFolder}
                  size={16}
                  class="folder-tree__icon"
                />
                {folder.name}
              </A>
              <Show when={childrenOf(folder.id).length > 0}>
                <Branch parentId={folder.id} />
              </Show>
            </li>
          )}
        </For>
      </ul>
    )
  }
  return (
    <nav class="folder-tree" aria-label={t('documents.folders')}>
      <Show when={props.folders.length > 0} fallback={<p class="empty">{t('documents.noFolders')}</p>}>
        <Branch parentId={null} />
      </Show>
    </nav>
  )
}

/** A folder and every folder below it (a folder cannot move inside itself). */
export function subtreeIds(folders: Folder[], rootId: string): Set<string> {
  const out = new Set([rootId])
  let grew = true
  while (grew) {
    grew = false
    for (const f of folders) {
      if (f.parentId && out.has(f.parentId) && !out.has(f.id)) {
        out.add(f.id)
        grew = true
      }
    }
  }
  return out
}

/** "Parent / Child" names for pickers, so nested folders with the same name stay apart. */
export function folderPath(folders: Folder[], id: string): string {
  const byId = new Map(folders.map((f) => [f.id, f]))
  const names: string[] = []
  for (let f = byId.get(id); f && names.length < 32; f = f.parentId ? byId.get(f.parentId) : undefined) {
    names.unshift(f.name)
  }
  return names.join(' / ')
}
