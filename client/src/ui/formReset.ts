import { onCleanup, onMount } from 'solid-js'

/**
 * Runs `restore` when the form holding `input()` is reset, after the browser has emptied its
 * fields: a field that keeps its own text and a hidden value (the date and month fields) puts
 * both back to its starting value, where the browser alone would leave the hidden one as it was.
 */
export function onFormReset(input: () => HTMLInputElement | undefined, restore: () => void): void {
  onMount(() => {
    const form = input()?.form
    if (!form) return
    const onReset = () => queueMicrotask(restore)
    form.addEventListener('reset', onReset)
    onCleanup(() => form.removeEventListener('reset', onReset))
  })
}
