import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { formatDateTime } from '../../format/time';
import { isIndefinite } from '../../schedule/pause';

export function PausedBanner({ pausedUntil }: { pausedUntil: string }) {
  const api = useApi();
  const resume = useAction(() => api.call('settings.set', { pausedUntil: null }));
  return (
    <Banner
      tone="warning"
      title={isIndefinite(pausedUntil) ? 'Scheduled backups are paused until you resume them' : `Scheduled backups are paused until ${formatDateTime(pausedUntil)}`}
      actions={
        <Button variant="primary" onClick={() => void resume.run()} pending={resume.pending} pendingLabel="Resuming…">
          Resume now
        </Button>
      }
    >
      <p>No scheduled backup runs meanwhile. “Back up now” still works.</p>
      <ErrorPanel error={resume.error} />
    </Banner>
  );
}
