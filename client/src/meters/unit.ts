/** A meter's unit as people write it: the API's `m3` is shown as m³ (the others read as they are). */
export function unitLabel(unit: string | null | undefined): string {
  return unit === 'm3' ? 'm³' : (unit ?? '')
}
