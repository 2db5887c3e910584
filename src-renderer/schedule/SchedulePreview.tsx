// The next five runs, as the core computes them (time zone and summer-time aware), refreshed a
// moment after the user stops changing the schedule.
import { useEffect, useState } from 'react';
import { useApiQuery } from '../api/use-api-query';
import { ErrorPanel } from '../components/ErrorPanel';
import { hasErrors } from '../forms/field-errors';
import { formatRunTime } from '../format/time';
import { validateSchedule, type Schedule } from './schedule-draft';

export const PREVIEW_DELAY_MS = 250;

function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

export function SchedulePreview({ schedule }: { schedule: Schedule }) {
  // A string key, so an equal schedule built anew on each render does not re-query.
  const key = useDebounced(JSON.stringify(schedule), PREVIEW_DELAY_MS);
  const settled = JSON.parse(key) as Schedule;
  const complete = !hasErrors(validateSchedule(settled));
  const preview = useApiQuery('schedule.preview', complete ? { schedule: settled } : null, [key], { refreshOn: 'never' });

  return (
    <section className="schedule-preview" aria-label="Next backups" aria-live="polite">
      <h3>Next backups</h3>
      {!complete ? <p className="muted">Complete the schedule to see when backups will run.</p> : null}
      {complete && preview.error ? <ErrorPanel error={preview.error} /> : null}
      {complete && !preview.error && preview.data ? (
        <>
          <p className="schedule-description">{preview.data.description}</p>
          <ol className="run-list">
            {preview.data.nextRuns.slice(0, 5).map((run) => (
              <li key={run}>
                <time dateTime={run}>{formatRunTime(run, settled.timeZone)}</time>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {complete && preview.loading && !preview.data ? <p className="muted">Working out the next runs…</p> : null}
    </section>
  );
}
