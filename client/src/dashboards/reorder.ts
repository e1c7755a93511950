/** `list` with the item at `from` moved to `to` (both clamped to the list). A new array. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list]
  const target = Math.max(0, Math.min(next.length - 1, to))
  if (from < 0 || from >= next.length || target === from) return next
  const [item] = next.splice(from, 1)
  next.splice(target, 0, item as T)
  return next
}
