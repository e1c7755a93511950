/**
 * A short, readable device from a User-Agent ("Firefox on Windows"), for the activity history.
 * Only the browser family and the platform are kept: the full string is a fingerprint, more than
 * a person needs to recognise their own sign-in.
 */
const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
]
const PLATFORMS: ReadonlyArray<[RegExp, string]> = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
]

export function deviceOf(userAgent: string): string {
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1]
  const platform = PLATFORMS.find(([re]) => re.test(userAgent))?.[1]
  if (browser && platform) return `${browser} on ${platform}`
  return browser ?? platform ?? 'unknown'
}
