import { useAction } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { formatNumber, t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { useMutation } from '../ui/mutation.ts'
import { TableWrap } from '../ui/TableWrap.tsx'
import { toast } from '../ui/Toast.tsx'
import { removeItemAction, restoreItemAction } from './actions.ts'
import type { OrgStructure } from './data.ts'
import { EditItemDialog, type Editing } from './EditItemDialog.tsx'
import { StaircaseAdder } from './StaircaseAdder.tsx'
import { removalError, restoreError, type StructureKind } from './structureApi.ts'

type Building = OrgStructure['buildings'][number]
type Removing = { kind: StructureKind; id: string; label: string }

/**
 * A cooperative's buildings, staircases and apartments, each edited or removed on its own: edits
 * in a dialog; a removal happens at once and its toast offers the undo (the API puts the same row
 * back, api/onboarding/structureRestore.ts), so nothing asks first. The API refuses removing what
 * is still referred to and says what; that message stays above the list, naming the item, so the
 * user knows what to move first.
 */
export function StructureEditor(props: { orgId: string; buildings: Building[] }) {
  const [editing, setEditing] = createSignal<Editing>()
  const removal = useMutation(removeItemAction)
  const restore = useAction(restoreItemAction)
  const [removalProblem, setRemovalProblem] = createSignal<string>()
  let heading: HTMLHeadingElement | undefined
  let problem: HTMLDivElement | undefined

  async function remove(item: Removing) {
    if (removal.pending()) return
    setRemovalProblem(undefined)
    const done = await removal.run(props.orgId, item.kind, item.id)
    if (!done) {
      setRemovalProblem(
        t('orgSettings.notRemoved', { name: item.label, reason: removalError(removal.error()) }),
      )
      // It shows above the list, which may be scrolled far away from the row.
      problem?.scrollIntoView({ block: 'nearest' })
      return
    }
    // The button pressed is gone with its row: the section's heading keeps the keyboard's place
    // (found again by id: the refreshed structure may have rendered this section anew).
    const title = document.getElementById('org-structure') ?? heading
    title?.focus()
    toast({
      message: t('orgSettings.removed', { name: item.label }),
      action: { run: () => undo(item) },
    })
  }

  async function undo(item: Removing) {
    try {
      await restore(props.orgId, item.kind, item.id)
      toast({ message: t('orgSettings.restored', { name: item.label }) })
    } catch (error) {
      toast({ tone: 'error', message: restoreError(error, item.label) })
    }
  }

  return (
    <section aria-labelledby="org-structure">
      <h2 id="org-structure" tabindex="-1" ref={heading}>
        {t('orgSettings.structure')}
      </h2>
      <p class="muted">{t('orgSettings.structureIntro')}</p>
      <div ref={problem}>
        <FormError message={removalProblem()} />
      </div>
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
                    void remove({
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
                        onRemove={() => void remove({ kind: 'staircase', id: st.id, label: st.name })}
                      />
                    </li>
                  )}
                </For>
              </ul>
              <StaircaseAdder orgId={props.orgId} building={building} />
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
                                  void remove({ kind: 'apartment', id: apt.id, label: apt.number })
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
        onSaved={(label) => {
          setEditing(undefined)
          toast({ message: t('orgSettings.saved', { name: label }) })
        }}
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
