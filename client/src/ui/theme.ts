import { createRoot, createSignal } from 'solid-js'

/**
 * Light, dark, or the system's choice (the default). Remembered in localStorage — a display
 * preference, not a secret — and applied as `data-theme` on <html>, which picks the side of every
 * `light-dark()` token in ui/tokens.css. Set before the first render so no page flashes white.
 */
export const THEMES = ['system', 'light', 'dark'] as const
export type Theme = (typeof THEMES)[number]

const KEY = 'kotipiha_theme'

function stored(): Theme {
  try {
    const value = localStorage.getItem(KEY)
    return (THEMES as readonly string[]).includes(value ?? '') ? (value as Theme) : 'system'
  } catch {
    return 'system'
  }
}

const [theme, setThemeSignal] = createRoot(() => createSignal<Theme>(stored()))

export { theme }

function apply(value: Theme) {
  if (value === 'system') delete document.documentElement.dataset.theme
  else document.documentElement.dataset.theme = value
}

export function setTheme(value: Theme) {
  setThemeSignal(value)
  try {
    if (value === 'system') localStorage.removeItem(KEY)
    else localStorage.setItem(KEY, value)
  } catch {
    // Private mode without storage: the choice lasts for this tab.
  }
  apply(value)
}

/** Called once from main.tsx before render. */
export function applyStoredTheme() {
  apply(theme())
}
