// Pause every schedule (for maintenance, a server move…) for an hour or until resumed.
import type { Settings } from '../../../src-shared/api';
import { Button } from '../../components/Button';
import { formatDateTime } from '../../format/time';
import { isIndefinite, isPaused, UNTIL_RESUMED } from '../../schedule/pause';

export function ScheduleSettings({ pausedUntil, onSave, pending }: { pausedUntil: string | null; onSave: (patch: Partial<Settings>) => void; pending: boolean }) {
  const paused = isPaused(pausedUntil);
  return (
    <section className="panel" aria-labelledby="settings-schedules">
      <h2 id="settings-schedules">Scheduled backups</h2>
      <p role="status">
        {paused ? (isIndefinite(pausedUntil) ? 'All schedules are paused until you resume them.' : `All schedules are paused until ${formatDateTime(pausedUntil)}.`) : 'Schedules are running normally.'}
      </p>
      <div className="button-row">
        <Button disabled={pending} onClick={() => onSave({ pausedUntil: new Date(Date.now() + 3600_000).toISOString() })}>
          Pause for 1 hour
        </Button>
        <Button disabled={pending} onClick={() => onSave({ pausedUntil: UNTIL_RESUMED })}>
          Pause until I resume
        </Button>
        <Button variant="primary" disabled={pending || !paused} onClick={() => onSave({ pausedUntil: null })}>
          Resume
        </Button>
      </div>
    </section>
  );
}
