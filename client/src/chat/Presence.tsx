import { For, Show } from 'solid-js'
import type { Peer } from '../collab/yjs.ts'
import { t } from '../i18n/index.ts'

/** Who else has this channel open right now (one entry per person, however many tabs). */
export function Presence(props: { peers: readonly Peer[]; myId: string }) {
  const people = () => {
    const byId = new Map<string, string>()
    for (const p of props.peers) if (p.user.id !== props.myId) byId.set(p.user.id, p.user.name)
    return [...byId.entries()].map(([id, name]) => ({ id, name }))
  }
  return (
    <div class="presence">
      <Show when={people().length > 0} fallback={<span class="muted">{t('chat.presenceNone')}</span>}>
        <span class="presence__label">{t('chat.presence')}:</span>
        <ul class="presence__list">
          <For each={people()}>
            {(person) => (
              <li class="presence__person">
                <span class="avatar avatar--small" aria-hidden="true">
                  {initials(person.name)}
                </span>
                {person.name}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  )
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase()
}
