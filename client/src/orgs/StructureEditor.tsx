import { revalidate } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { api } from '../api.ts'
import { formatNumber, t } from '../i18n/index.ts'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { createFormState } from '../ui/form.ts'
import { TableWrap } from '../ui/TableWrap.tsx'
import { toast } from '../ui/Toast.tsx'
import { getOrgStructure, type OrgStructure } from './data.ts'
import { EditItemDialog, type Editing } from './EditItemDialog.tsx'
import { StaircaseAdder } from './StaircaseAdder.tsx'
import { itemPath, removalError, type StructureKind } from './structureApi.ts'

type Building = OrgStructure['buildings'][number]
type Removing = { kind: StructureKind; id: string; label: string }

/**
 * A cooperative's buildings, staircases and apartments, each edited or removed on its own: edits
 * in a dialog, removals after a confirmation. The API refuses removing what is still referred to
 * and says what; that message stays in the dialog so the user knows what to move first.
 */
export function StructureEditor(props: { orgId: string; buildings: Building[] }) {
  const [editing, setEditing] = createSignal<Editing>()
  const [removing, setRemoving] = createSignal<Removing>()
  const removal = createFormState()
  const [removalProblem, setRemovalProblem] = createSignal<string>()
  const refresh = () => revalidate(getOrgStructure.key)

  function askRemove(item: Removing) {
    removal.reset()
    setRemovalProblem(undefined)
    setRemoving(item)
  }

  async function remove() {
    const item = removing()
    if (!item) return
    setRemovalProblem(undefined)
    const done = await removal.run(() => api.delete(itemPath(props.orgId, item.kind, item.id)))
    if (!done) {
      setRemovalProblem(removalError(removal.error()))
      return
    }
    setRemoving(undefined)
    toast({ message: t('orgSettings.removed', { name: item.label }) })
    await refresh()
  }

  return (
    <section aria-labelledby="org-structure">
      <h2 id="org-structure">{t('orgSettings.structure')}</h2>
      <p class="muted">{t('orgSettings.structureIntro')}</p>
      <Show when={props.buildings.length > 0} fallback={<p class="empty">{t('orgSettings.noBuildings')}</p>}>
        <For each={props.buildings}>
          {(building) => (
            <section class="building settings-building" aria-labelledby={`building-${building.id}`}>
              <div class="settings-item">
                <h3 id={`building-${building.id}`}>{t('orgSettings.building', { name: building.name })}</h3>
                <Show when={building.address}>
                  <span class="muted">{building.address}</span>
                </Show>
                <ItemActions
                  editLabel={t('orgSettings.editBuilding', { name: building.name })}
                  removeLabel={t('orgSettings.removeBuilding', { name: building.name })}
                  onEdit={() => setEditing({ kind: 'building', item: building })}
                  onRemove={() =>
                    askRemove({
                      kind: 'building',
                      id: building.id,
                      label: t('orgSettings.building', { name: building.name }),
                    })
                  }
                />
              </div>
              <h4>{t('orgSettings.staircases')}</h4>
              <ul class="settings-list">
                <For each={building.staircases}>
                  {(st) => (
                    <li class="settings-item">
                      <span>{st.name}</span>
                      <ItemActions
                        editLabel={t('orgSettings.editStaircase', { name: st.name })}
                        removeLabel={t('orgSettings.removeStaircase', { name: st.name })}
                        onEdit={() => setEditing({ kind: 'staircase', item: st })}
                        onRemove={() => askRemove({ kind: 'staircase', id: st.id, label: st.name })}
                      />
                    </li>
                  )}
                </For>
              </ul>
              <StaircaseAdder orgId={props.orgId} building={building} onAdded={refresh} />
              <Show when={building.apartments.length > 0}>
                <TableWrap label={t('orgSettings.apartments', { name: building.name })}>
                  <table class="table table--stack">
                    <caption class="visually-hidden">
                      {t('orgSettings.apartments', { name: building.name })}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('orgSettings.apartment')}</th>
                        <th scope="col">{t('orgSettings.staircase')}</th>
                        <th scope="col" class="num">
                          {t('orgSettings.area')}
                        </th>
                        <th scope="col" class="num">
                          {t('orgSettings.shares')}
                        </th>
                        <th scope="col">{t('common.actions')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={building.apartments}>
                        {(apt) => (
                          <tr>
                            <th scope="row" data-label={t('orgSettings.apartment')}>
                              {apt.number}
                            </th>
                            <td data-label={t('orgSettings.staircase')}>
                              {building.staircases.find((st) => st.id === apt.staircaseId)?.name ??
                                t('common.none')}
                            </td>
                            <td class="num" data-label={t('orgSettings.area')}>
                              {formatNumber(apt.areaM2)}
                            </td>
                            <td class="num" data-label={t('orgSettings.shares')}>
                              {apt.shareCount ?? t('common.none')}
                            </td>
                            <td data-label={t('common.actions')}>
                              <ItemActions
                                editLabel={t('orgSettings.editApartment', { name: apt.number })}
                                removeLabel={t('orgSettings.removeApartment', { name: apt.number })}
                                onEdit={() => setEditing({ kind: 'apartment', item: apt, building })}
                                onRemove={() =>
                                  askRemove({ kind: 'apartment', id: apt.id, label: apt.number })
                                }
                              />
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </TableWrap>
              </Show>
            </section>
          )}
        </For>
      </Show>
      <EditItemDialog
        orgId={props.orgId}
        editing={editing()}
        onClose={() => setEditing(undefined)}
        onSaved={async (label) => {
          setEditing(undefined)
          toast({ message: t('orgSettings.saved', { name: label }) })
          await refresh()
        }}
      />
      <ConfirmDialog
        open={removing() !== undefined}
        title={t('orgSettings.removeTitle', { name: removing()?.label ?? '' })}
        message={t('orgSettings.removeText')}
        confirmLabel={t('orgSettings.remove')}
        danger
        pending={removal.pending()}
        error={removalProblem()}
        onConfirm={() => void remove()}
        onCancel={() => setRemoving(undefined)}
      />
    </section>
  )
}

function ItemActions(props: {
  editLabel: string
  removeLabel: string
  onEdit: () => void
  onRemove: () => void
}) {
  return (
    <span class="settings-actions">
      <button
        type="button"
        class="button button--small button--secondary"
        aria-label={props.editLabel}
        onClick={() => props.onEdit()}
      >
        {t('orgSettings.edit')}
      </button>
      <button
        type="button"
        class="button button--small button--danger-outline"
        aria-label={props.removeLabel}
        onClick={() => props.onRemove()}
      >
        {t('orgSettings.remove')}
      </button>
    </span>
  )
}
