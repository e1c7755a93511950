import { type Accessor, type JSX, Match, type Resource, Switch } from 'solid-js'
import { t } from '../../i18n/index.ts'
import { errorMessage } from '../../ui/errors.ts'
import { Skeleton } from '../../ui/Skeleton.tsx'

/**
 * A widget's content in its three states: loading, failed (with the reason), and loaded — where
 * an empty answer shows `empty`, a sentence that says what to do next.
 */
export function WidgetBody<T>(props: {
  data: Resource<T>
  isEmpty: (value: T) => boolean
  empty: JSX.Element
  children: (value: Accessor<T>) => JSX.Element
}) {
  return (
    <Switch>
      <Match when={props.data.error}>
        <p class="widget__error">{t('dashboards.failed', { message: errorMessage(props.data.error) })}</p>
      </Match>
      <Match when={props.data.loading && props.data() === undefined}>
        <Skeleton lines={3} />
      </Match>
      <Match when={props.data() !== undefined && props.isEmpty(props.data() as T)}>
        <p class="widget__empty">{props.empty}</p>
      </Match>
      {/* Keyed on the value: the children read a value that exists. Unkeyed, their accessor read
          the resource live, and while a refetch (a language switch remounts the dashboard) left it
          undefined for a moment, `d().info` threw and took the whole home page down. */}
      <Match when={props.data()} keyed>
        {(value) => props.children(() => value as T)}
      </Match>
    </Switch>
  )
}
