/** Events are planned and shown in Finnish time (DST-safe: the zone, never a fixed offset). */
export const EVENT_TIME_ZONE = 'Europe/Helsinki'
