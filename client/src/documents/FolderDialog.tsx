import { createAsync } from '@solidjs/router'
import { createEffect, createSignal, For, Show } from 'solid-js'
import { type OrgKind, ROLE_GROUPS, ROLES_BY_KIND, type Role, type RoleGroup } from '../../../schema/roles.ts'
import { t } from '../i18n/index.ts'
import { getOrgStructure } from '../orgs/data.ts'
import { CheckGroup } from '../ui/CheckGroup.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { Field, SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { saveFolderAction } from './actions.ts'
import type { Folder } from './data.ts'
import { folderPath, subtreeIds } from './FolderTree.tsx'

/**
 * Create a folder, or change one's name, place and visibility (role groups and/or single roles,
 * optionally one building). Only folders the caller may manage are offered as parents.
 */
export function FolderDialog(props: {
  open: boolean
  orgId: string
  orgKind: OrgKind
  folders: Folder[]
  /** Editing this folder; absent: creating. */
  folder?: Folder | undefined
  /** Where a new folder goes by default. */
  parentId: string | null
  canManageRoot: boolean
  onClose: () => void
  onSaved: (id: string, name: string) => void
}) {
  const form = useMutation(saveFolderAction)
  const [name, setName] = createSignal('')
  const [parentId, setParentId] = createSignal<string | null>(null)
  const [groups, setGroups] = createSignal<RoleGroup[]>([])
  const [roles, setRoles] = createSignal<Role[]>([])
  const [buildingId, setBuildingId] = createSignal<string | null>(null)
  // Buildings only exist in cooperatives; asked for only while the dialog is open.
  const structure = createAsync(async () =>
    props.open && props.orgKind === 'housing_cooperative' ? getOrgStructure(props.orgId) : undefined,
  )

  createEffect(() => {
    if (!props.open) return
    form.reset()
    const f = props.folder
    setName(f?.name ?? '')
    setParentId(f ? f.parentId : props.parentId)
    setGroups(f?.visibility.groups ?? [])
    setRoles(f?.visibility.roles ?? [])
    setBuildingId(f?.visibility.buildingId ?? null)
  })

  const parents = () => {
    const excluded = props.folder ? subtreeIds(props.folders, props.folder.id) : new Set<string>()
    return props.folders
      .filter((f) => !excluded.has(f.id) && f.abilities.includes('documents.manage'))
      .map((f) => ({ id: f.id, label: folderPath(props.folders, f.id) }))
      .sort((a, b) => a.label.localeCompare(b.label))
  }

  async function save() {
    if (!name().trim()) {
      form.setFieldProblems({ name: t('documents.nameRequired') })
      return
    }
    const visibility = { roles: roles(), groups: groups(), buildingId: buildingId() }
    const f = props.folder
    const input = { name: name().trim(), parentId: parentId(), visibility }
    const done = await form.run(props.orgId, f?.id, input, f !== undefined && parentId() !== f.parentId)
    if (!done) return
    props.onSaved(done.id, name().trim())
  }

  return (
    <ConfirmDialog
      open={props.open}
      title={props.folder ? t('documents.folderSettings') : t('documents.newFolder')}
      confirmLabel={props.folder ? t('common.save') : t('documents.createFolder')}
      pending={form.pending()}
      error={form.message()}
      onConfirm={() => void save()}
      onCancel={() => props.onClose()}
    >
      <div class="stack folder-dialog">
        <Field
          label={t('documents.folderName')}
          value={name()}
          maxLength={200}
          required
          error={form.field('name')}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <SelectField
          label={t('documents.parent')}
          value={parentId() ?? ''}
          onChange={(e) => setParentId(e.currentTarget.value || null)}
        >
          <Show when={props.canManageRoot || parentId() === null}>
            <option value="">{t('documents.topLevel')}</option>
          </Show>
          <For each={parents()}>{(p) => <option value={p.id}>{p.label}</option>}</For>
        </SelectField>
        <fieldset class="folder-dialog__visibility">
          <legend>{t('documents.visibility')}</legend>
          <p class="field__hint">{t('documents.visibilityHint')}</p>
          <CheckGroup
            legend={t('documents.groups')}
            options={ROLE_GROUPS.map((g) => ({ value: g, label: t(`group.${g}`) }))}
            selected={groups()}
            onChange={setGroups}
          />
          <CheckGroup
            legend={t('documents.roles')}
            options={ROLES_BY_KIND[props.orgKind].map((r) => ({ value: r, label: t(`role.${r}`) }))}
            selected={roles()}
            onChange={setRoles}
          />
          <Show when={(structure()?.buildings.length ?? 0) > 0}>
            <SelectField
              label={t('documents.building')}
              value={buildingId() ?? ''}
              onChange={(e) => setBuildingId(e.currentTarget.value || null)}
            >
              <option value="">{t('documents.allBuildings')}</option>
              <For each={structure()?.buildings ?? []}>{(b) => <option value={b.id}>{b.name}</option>}</For>
            </SelectField>
          </Show>
        </fieldset>
      </div>
    </ConfirmDialog>
  )
}
