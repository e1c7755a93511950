import { Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import type { DocHandle } from './docs.ts'
import { refusalReasonKey } from './refusals.ts'

/** Tells the user, right where they edited, that the server refused their change and why. */
export function RefusalAlert(props: { handle: DocHandle }) {
  return (
    <Show when={props.handle.refusal()} keyed>
      {(refusal) => (
        <div class="alert alert--error collab-refusal" role="alert">
          <p>
            <strong>{t('sync.refusedTitle')}</strong> {t(refusalReasonKey(refusal))}
          </p>
          <p>{t('sync.refusedReloaded')}</p>
          <button
            type="button"
            class="button button--small button--secondary"
            onClick={() => props.handle.dismissRefusal()}
          >
            {t('common.close')}
          </button>
        </div>
      )}
    </Show>
  )
}
