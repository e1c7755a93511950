import { provideStatusArea } from '../shell/slots.ts'
import { SyncIndicator } from './SyncIndicator.tsx'

/** Puts the sync indicator into the shell's header. Called once from main.tsx. */
export function installCollab(): void {
  provideStatusArea(SyncIndicator)
}
