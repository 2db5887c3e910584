// Everything at a glance: each job's state, what is running (live, from work events), the last
// 30 days, and reminders that need the admin (recovery kit, paused schedules).
import { useState } from 'react';
import type { WorkItem } from '../../../src-shared/api';
import { useApiQuery } from '../../api/use-api-query';
import { useEvent } from '../../api/use-event';
import { routeHref } from '../../app/routes';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { Screen } from '../../components/Screen';
import { useNow } from '../../components/use-now';
import { BackupChart } from './BackupChart';
import { JobCardView } from './JobCardView';
import { isPaused } from '../../schedule/pause';
import { PausedBanner } from './PausedBanner';
import { RecoveryKitBanner } from './RecoveryKitBanner';
import { RunningWork } from './RunningWork';

export function DashboardScreen() {
  const dashboard = useApiQuery('dashboard.get', {}, []);
  // Work events carry the whole list; they are newer than the last dashboard load.
  const [liveWork, setLiveWork] = useState<{ work: WorkItem[]; basis: unknown } | null>(null);
  useEvent('work', ({ work }) => setLiveWork({ work, basis: dashboard.data }));
  const now = useNow(30_000);
  const data = dashboard.data;
  const work = liveWork && liveWork.basis === data ? liveWork.work : (data?.work ?? []);

  return (
    <Screen
      title="Dashboard"
      actions={
        <a className="button button-secondary" href={routeHref({ name: 'welcome' })}>
          Set up a backup
        </a>
      }
    >
      {dashboard.error ? <ErrorPanel error={dashboard.error} onRetry={dashboard.refresh} /> : null}
      {!data && dashboard.loading ? <Loading label="Loading the dashboard…" /> : null}
      {data ? (
        <>
          {isPaused(data.pausedUntil, now) ? <PausedBanner pausedUntil={data.pausedUntil} /> : null}
          {!data.recoveryKitSaved ? <RecoveryKitBanner /> : null}
          {data.jobs.length === 0 ? (
            <section className="panel empty-state">
              <h2>No backups are set up yet</h2>
              <p>The guided setup connects to your server, picks where copies go and runs the first backup, in about two minutes.</p>
              <a className="button button-primary" href={routeHref({ name: 'welcome' })}>
                Start the guided setup
              </a>
            </section>
          ) : (
            <div className="job-grid">
              {data.jobs.map((job) => (
                <JobCardView key={job.name} job={job} />
              ))}
            </div>
          )}
          <RunningWork work={work} />
          <BackupChart points={data.chart} />
        </>
      ) : null}
    </Screen>
  );
}
