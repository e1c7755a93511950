import { useParams } from '@solidjs/router'
import { createResource, createSignal, For, Show } from 'solid-js'
import { WIDGET_KINDS, type Widget } from '../../../schema/dashboards/widgets.ts'
import { ROLE_GROUPS, type RoleGroup } from '../../../schema/roles.ts'
import { t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Page } from '../ui/Page.tsx'
import { getDefaults, revertDefault, saveDefault } from './data.ts'
import { LayoutEditor } from './LayoutEditor.tsx'

/**
 * /org/:orgId/dashboard-defaults: staff set each role group's default layout with the same
 * editor as the home page (keyboard and pointer). The server keeps each member to the widgets
 * they may see, so a default may name any widget.
 */
export function DefaultsPage() {
  const params = useParams<{ orgId: string }>()
  const [group, setGroup] = createSignal<RoleGroup>('residents')
  const [defaults, { mutate }] = createResource(() => params.orgId, getDefaults)
  const [message, setMessage] = createSignal<{ kind: 'success' | 'error'; text: string } | null>(null)
  const current = () => defaults()?.defaults.find((d) => d.group === group())
  const replace = (next: { group: RoleGroup; widgets: Widget[]; source: 'organisation' | 'builtin' }) =>
    mutate((d) => d && { defaults: d.defaults.map((x) => (x.group === next.group ? next : x)) })
  const save = async (widgets: Widget[]) => {
    const g = group()
    const before = current()
    replace({ group: g, widgets, source: 'organisation' })
    try {
      await saveDefault(params.orgId, g, widgets)
      setMessage({ kind: 'success', text: t('dashboards.defaults.saved') })
    } catch (error) {
      if (before) replace(before)
      setMessage({ kind: 'error', text: errorMessage(error) })
    }
  }
  return (
    <Page title={t('dashboards.defaults.title')} intro={t('dashboards.defaults.intro')} wide>
      <Show when={defaults.error}>
        <Alert kind="error">{errorMessage(defaults.error)}</Alert>
      </Show>
      <div class="field dashboard__org">
        <label for="default-group">{t('dashboards.defaults.group')}</label>
        <select
          id="default-group"
          value={group()}
          onChange={(e) => setGroup(e.currentTarget.value as RoleGroup)}
        >
          <For each={ROLE_GROUPS}>{(g) => <option value={g}>{t(`dashboards.group.${g}`)}</option>}</For>
        </select>
      </div>
      <Show when={message()}>{(m) => <Alert kind={m().kind}>{m().text}</Alert>}</Show>
      <Show when={current()}>
        {(d) => (
          <>
            <p class="dashboard__source">{t(`dashboards.defaults.source.${d().source}`)}</p>
            <Show when={d().source === 'organisation'}>
              <button
                type="button"
                class="button button--secondary"
                onClick={async () => replace(await revertDefault(params.orgId, group()))}
              >
                {t('dashboards.defaults.revert')}
              </button>
            </Show>
            <LayoutEditor
              idPrefix="def"
              widgets={d().widgets}
              available={WIDGET_KINDS}
              editing
              onChange={save}
            />
          </>
        )}
      </Show>
    </Page>
  )
}
