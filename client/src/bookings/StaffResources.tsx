import { createAsync, revalidate } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { nameIn } from '../ui/localName.ts'
import { TableWrap } from '../ui/TableWrap.tsx'
import { lengthLabel } from './BookDialog.tsx'
import { getOverview, getWeek, type Overview, type Resource, setResourceActive } from './data.ts'
import { Blackouts } from './staff/Blackouts.tsx'
import { Groups } from './staff/Groups.tsx'
import { Links } from './staff/Links.tsx'
import { ResourceForm } from './staff/ResourceForm.tsx'
import { StandingShifts } from './staff/StandingShifts.tsx'
import { getPlaces } from './staff/staffData.ts'

/**
 * Staff (`bookings.manage`): every resource with its main rules, put in and out of use, created
 * and edited with all its rules; blackouts of the one being edited; categories and quota groups,
 * linked resources and standing weekly shifts.
 */
export function StaffResources(props: { orgId: string; overview: Overview }) {
  const [error, setError] = createSignal<string>()
  // undefined: no editor; 'new': creating; otherwise the id being edited.
  const [editing, setEditing] = createSignal<string>()
  const places = createAsync(() => getPlaces(props.orgId))
  const buildings = () => places()?.buildings ?? []
  const edited = () => props.overview.resources.find((r) => r.id === editing())
  const category = (r: Resource) => {
    const c = props.overview.categories.find((x) => x.id === r.categoryId)
    return c ? nameIn(c) : ''
  }
  const quota = (r: Resource) => props.overview.quotaGroups.find((q) => q.id === r.quotaGroupId)
  const rules = (r: Resource) =>
    r.mode === 'slots'
      ? t('bookings.slotsOf', { length: lengthLabel(r.gridMinutes) })
      : t('bookings.freeLength', { min: lengthLabel(r.minMinutes), max: lengthLabel(r.maxMinutes) })
  async function toggle(r: Resource) {
    setError(undefined)
    try {
      await setResourceActive(props.orgId, r.id, !r.active)
      await revalidate(getOverview.key)
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  return (
    <section class="staff-resources" aria-labelledby="staff-heading">
      <div class="row">
        <h2 id="staff-heading">{t('bookings.staffTitle')}</h2>
        <button type="button" class="button" onClick={() => setEditing('new')}>
          {t('bookingStaff.newResource')}
        </button>
      </div>
      <Show when={error()}>
        <Alert kind="error">{error()}</Alert>
      </Show>
      <TableWrap label={t('bookings.staffTitle')}>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('bookings.resource')}</th>
              <th scope="col">{t('bookings.category')}</th>
              <th scope="col">{t('bookings.rules')}</th>
              <th scope="col">{t('bookings.state')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.overview.resources}>
              {(r) => (
                <tr>
                  <th scope="row">
                    <button
                      type="button"
                      class="link-button"
                      aria-label={t('bookingStaff.editNamed', { name: r.name })}
                      aria-expanded={editing() === r.id}
                      onClick={() => setEditing(r.id)}
                    >
                      {r.name}
                    </button>
                  </th>
                  <td>{category(r)}</td>
                  <td>
                    {rules(r)}
                    <Show when={quota(r)} keyed>
                      {(q) => (
                        <span class="muted"> · {t('bookings.quota', { n: q.maxActive, group: q.name })}</span>
                      )}
                    </Show>
                  </td>
                  <td>
                    <button
                      type="button"
                      class="button button--secondary button--small"
                      onClick={() => void toggle(r)}
                    >
                      {r.active ? t('bookings.deactivate') : t('bookings.activate')}
                    </button>
                    <span class="muted"> {r.active ? t('bookings.active') : t('bookings.inactive')}</span>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </TableWrap>
      {/* Keyed on the id: switching resources builds a fresh form with that resource's values. */}
      <Show when={editing()} keyed>
        {(id) => (
          <div class="staff-editor">
            <Show
              when={props.overview.categories.length > 0}
              fallback={<Alert kind="info">{t('bookingStaff.needCategory')}</Alert>}
            >
              <ResourceForm
                orgId={props.orgId}
                overview={props.overview}
                buildings={buildings()}
                resource={id === 'new' ? undefined : edited()}
                onCancel={() => setEditing(undefined)}
                onSaved={async (saved) => {
                  // The overview first, so the editor of a just-created resource gets its values.
                  await revalidate([getOverview.key, getWeek.key])
                  setEditing(saved.id)
                }}
              />
            </Show>
            <Show when={edited()} keyed>
              {(r) => <Blackouts orgId={props.orgId} resource={r} />}
            </Show>
          </div>
        )}
      </Show>
      <Groups orgId={props.orgId} overview={props.overview} />
      <Links orgId={props.orgId} overview={props.overview} />
      <StandingShifts orgId={props.orgId} overview={props.overview} buildings={buildings()} />
    </section>
  )
}
