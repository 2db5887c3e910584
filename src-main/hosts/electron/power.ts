// Keeps the computer awake while a backup or restore runs (the service reports busy/idle),
// and only then: one blocker at a time, released when the work is done.

export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): void;
}

export function sleepGuard(blocker: PowerSaveBlockerLike): (busy: boolean) => void {
  let blockerId: number | undefined;
  return (busy) => {
    if (busy && blockerId === undefined) {
      blockerId = blocker.start('prevent-app-suspension');
    } else if (!busy && blockerId !== undefined) {
      blocker.stop(blockerId);
      blockerId = undefined;
    }
  };
}
