import { For, Show } from 'solid-js'
import { AUDIENCE_SEGMENTS_MAX, type Segment } from '../../../schema/communications/api.ts'
import { t } from '../i18n/index.ts'
import type { Places } from './data.ts'

/**
 * The groups a message already goes to ("managers and accountants" plus "owners of B"): an
 * audience is the union of up to AUDIENCE_SEGMENTS_MAX groups. The checkboxes above edit the next
 * group; "Add another group" moves it here and clears them. Each person is counted once.
 */
export function AudienceGroups(props: {
  groups: Segment[]
  current: Segment
  places: Places | undefined
  onAdd: () => void
  onRemove: (index: number) => void
}) {
  const isEmpty = (s: Segment) =>
    !s.roles?.length && !s.buildingIds?.length && !s.staircaseIds?.length && !s.apartmentIds?.length
  return (
    <div class="compose__groups">
      <Show when={props.groups.length > 0}>
        <p class="compose__groups-title" id="compose-groups">
          {t('communications.groups')}
        </p>
        <ul aria-labelledby="compose-groups">
          <For each={props.groups}>
            {(group, i) => (
              <li>
                {describeGroup(group, props.places)}{' '}
                <button
                  type="button"
                  class="button button--small"
                  aria-label={t('communications.removeGroup', { group: describeGroup(group, props.places) })}
                  onClick={() => props.onRemove(i())}
                >
                  {t('common.remove')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <button
        type="button"
        class="button"
        disabled={isEmpty(props.current) || props.groups.length >= AUDIENCE_SEGMENTS_MAX - 1}
        onClick={() => props.onAdd()}
      >
        {t('communications.addGroup')}
      </button>
      <p class="field__hint">{t('communications.groupsHint')}</p>
    </div>
  )
}

/** "Owners, Board members · B · A 1": roles, then places by name (everyone when none). */
export function describeGroup(s: Segment, places: Places | undefined): string {
  const name = <T extends { id: string }>(list: T[] | undefined, id: string, label: (x: T) => string) => {
    const found = list?.find((x) => x.id === id)
    return found ? label(found) : '?'
  }
  const parts = [
    s.roles?.length ? s.roles.map((r) => t(`role.${r}`)).join(', ') : t('communications.everyRole'),
    ...(s.buildingIds ?? []).map((id) => name(places?.buildings, id, (b) => b.name)),
    ...(s.staircaseIds ?? []).map((id) => name(places?.staircases, id, (x) => x.name)),
    ...(s.apartmentIds ?? []).map((id) => name(places?.apartments, id, (a) => a.number)),
  ]
  return parts.join(' · ')
}
