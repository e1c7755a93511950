import { Popover } from '@kobalte/core/popover'
import { Tooltip } from '@kobalte/core/tooltip'
import { createSignal, For, Show } from 'solid-js'
import {
  REACTION_EMOJI,
  REACTIONS,
  type Reaction,
  type ReactionGroup,
} from '../../../schema/docs/reactions.ts'
import { t } from '../i18n/index.ts'
import { IconSmilePlus } from '../ui/icons.ts'

/**
 * The reactions under a message: one button per reaction given (emoji and count; pressed when one
 * of them is mine, pressing toggles mine), who gave it in a tooltip on hover and focus and in the
 * button's name, and a button that opens the fixed set to add one. Everything is a button in the
 * tab order; Escape closes the set and returns focus to its button.
 */
export function Reactions(props: {
  groups: readonly ReactionGroup[]
  myId: string
  nameOf: (userId: string) => string
  /** Whether I may react now (I may write, the message is live, not deleted or hidden). */
  canReact: boolean
  onToggle: (reaction: Reaction) => void
}) {
  const [open, setOpen] = createSignal(false)
  const names = (g: ReactionGroup) =>
    g.users.map((id) => (id === props.myId ? t('chat.you') : props.nameOf(id))).join(', ')
  return (
    <Show when={props.groups.length > 0 || props.canReact}>
      {/* biome-ignore lint/a11y/useSemanticElements: a row of buttons under a message, not a form's fieldset */}
      <div
        class="reactions"
        classList={{ 'reactions--empty': props.groups.length === 0 }}
        role="group"
        aria-label={t('chat.reactions.label')}
      >
        <For each={props.groups}>
          {(g) => {
            const mine = () => g.users.includes(props.myId)
            const label = () =>
              t('chat.reactions.given', {
                reaction: t(`chat.reactions.names.${g.reaction}`),
                count: String(g.users.length),
                names: names(g),
              })
            return (
              <Tooltip openDelay={300} placement="top">
                <Tooltip.Trigger
                  as="button"
                  type="button"
                  class="reaction"
                  classList={{ 'reaction--mine': mine() }}
                  aria-pressed={mine()}
                  aria-label={label()}
                  aria-disabled={props.canReact ? undefined : 'true'}
                  data-reaction={g.reaction}
                  onClick={() => props.canReact && props.onToggle(g.reaction)}
                >
                  <span aria-hidden="true">{REACTION_EMOJI[g.reaction]}</span>
                  <span class="reaction__count">{g.users.length}</span>
                </Tooltip.Trigger>
                <Tooltip.Portal>
                  <Tooltip.Content class="ui-tooltip">{names(g)}</Tooltip.Content>
                </Tooltip.Portal>
              </Tooltip>
            )
          }}
        </For>
        <Show when={props.canReact}>
          <Popover open={open()} onOpenChange={setOpen} gutter={4} placement="top-start">
            <Popover.Trigger
              class="icon-button icon-button--quiet reaction__add"
              aria-label={t('chat.reactions.add')}
              title={t('chat.reactions.add')}
            >
              <IconSmilePlus size={18} />
            </Popover.Trigger>
            <Popover.Portal>
              <Popover.Content class="ui-popover reaction-picker" aria-label={t('chat.reactions.add')}>
                <ul class="reaction-picker__list">
                  <For each={REACTIONS}>
                    {(reaction) => (
                      <li>
                        <button
                          type="button"
                          class="reaction-picker__item"
                          aria-label={t(`chat.reactions.names.${reaction}`)}
                          title={t(`chat.reactions.names.${reaction}`)}
                          data-reaction={reaction}
                          onClick={() => {
                            setOpen(false)
                            // Picking one I already gave adds nothing: it stays given.
                            const given = props.groups.find((g) => g.reaction === reaction)
                            if (!given?.users.includes(props.myId)) props.onToggle(reaction)
                          }}
                        >
                          <span aria-hidden="true">{REACTION_EMOJI[reaction]}</span>
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              </Popover.Content>
            </Popover.Portal>
          </Popover>
        </Show>
      </div>
    </Show>
  )
}
