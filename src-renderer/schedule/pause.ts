// The global schedule pause (settings.pausedUntil). "Until resumed" is stored as a date no one
// will reach, exactly as the CLI writes it (`lifeboat settings pause`).
export const UNTIL_RESUMED = '9999-12-31T00:00:00.000Z';

export function isIndefinite(pausedUntil: string): boolean {
  return new Date(pausedUntil).getUTCFullYear() >= 9000;
}

export function isPaused(pausedUntil: string | null, now: Date = new Date()): pausedUntil is string {
  return pausedUntil !== null && new Date(pausedUntil).getTime() > now.getTime();
}
