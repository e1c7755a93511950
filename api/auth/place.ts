/**
 * Where a sign-in came from, by its client address, for the activity history ("logins with
 * device and place where known", issue 18). Kotipiha ships no provider: there is no location
 * database on the server and it calls no outside service, so by default a sign-in records its
 * address and no place, and the history says only what is known. A deployment that has a lookup
 * (an office's address ranges, a GeoIP file it licenses) passes one in as `AppDeps.placeLookup`.
 */
export interface PlaceLookup {
  /** A short, readable place ("Helsinki, FI"), or null when the address is not known to it. */
  placeOf(address: string): Promise<string | null>
}

/** How long a sign-in waits for a place: a slow or failing lookup only costs the place. */
const LOOKUP_MS = 300
const MAX_PLACE = 100

export async function placeOf(lookup: PlaceLookup | undefined, address: string): Promise<string | null> {
  if (!lookup || address === 'unknown') return null
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), LOOKUP_MS)
  })
  try {
    const place = await Promise.race([lookup.placeOf(address).catch(() => null), late])
    const text = typeof place === 'string' ? place.trim().slice(0, MAX_PLACE) : ''
    return text || null
  } finally {
    clearTimeout(timer)
  }
}
