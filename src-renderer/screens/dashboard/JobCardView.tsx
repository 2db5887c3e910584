// One job at a glance: is it fine, when did it last work, when does it run next, is every copy
// where it should be, and has a restore been tried. "Back up now" is right there.
import { useState } from 'react';
import type { JobCard } from '../../../src-shared/api';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { routeHref } from '../../app/routes';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime, formatRunTime } from '../../format/time';
import { COPY_STATE_LABEL, COPY_STATE_TONE, JOB_STATUS_LABEL } from './job-status';

export function JobCardView({ job }: { job: JobCard }) {
  const api = useApi();
  const runNow = useAction(() => api.call('jobs.runNow', { name: job.name }));
  const headingId = `job-${job.name}-title`;
  const running = job.status === 'running';
  const label = JOB_STATUS_LABEL[job.status];
  // The core's one-liner often just repeats the badge while running ("Backing up now."): say it once.
  const statusText = job.statusText.replace(/\.$/, '') === label ? '' : job.statusText;

  // "The backup is starting…" belongs to the card as it was when the request was answered; once
  // the status or the last run changes (it ran, it failed), the card itself tells the story.
  const cardKey = `${job.status}|${job.lastRun?.at ?? ''}|${job.lastRun?.outcome ?? ''}`;
  const [answered, setAnswered] = useState<{ result: unknown; key: string } | null>(null);
  if (runNow.result && answered?.result !== runNow.result) setAnswered({ result: runNow.result, key: cardKey });
  const notice = runNow.result && answered?.result === runNow.result && answered.key === cardKey ? runNow.result : undefined;

  return (
    <article className={`job-card job-card-${job.status}`} aria-labelledby={headingId}>
      {/* A polite live region: "erp-nightly, Failing, The last run failed…" is announced when the
          card's status changes, without moving focus. */}
      <div aria-live="polite" aria-atomic="true">
        <header className="job-card-header">
          <h2 id={headingId}>{job.name}</h2>
          <StatusBadge tone={job.status}>{label}</StatusBadge>
        </header>
        {statusText ? <p className="job-card-status-text">{statusText}</p> : null}
      </div>
      <dl className="facts">
        <dt>Last good backup</dt>
        <dd>
          {job.lastGood ? (
            <>
              <RelativeTime iso={job.lastGood.at} /> <span className="muted">({formatDateTime(job.lastGood.at)})</span>
            </>
          ) : (
            'None yet'
          )}
        </dd>
        <dt>Next backup</dt>
        <dd>{job.paused ? 'Paused — no backups run until it is resumed' : job.nextRun ? formatRunTime(job.nextRun) : 'Not scheduled'}</dd>
        <dt>Schedule</dt>
        <dd>{job.schedule}</dd>
        <dt>Databases</dt>
        <dd>{job.databases.length > 0 ? job.databases.join(', ') : '—'}</dd>
        <dt>Copies</dt>
        <dd>
          <ul className="plain-list">
            {job.destinations.map((d) => (
              <li key={d.name}>
                <StatusBadge tone={COPY_STATE_TONE[d.state]}>
                  <strong>{d.name}</strong>: {COPY_STATE_LABEL[d.state]}
                </StatusBadge>
              </li>
            ))}
          </ul>
        </dd>
        <dt>Last test restore</dt>
        <dd>
          {job.lastVerifiedRestore ? (
            <StatusBadge tone={job.lastVerifiedRestore.ok ? 'ok' : 'error'}>
              {job.lastVerifiedRestore.ok ? 'Worked' : 'Failed'}, <RelativeTime iso={job.lastVerifiedRestore.at} />
            </StatusBadge>
          ) : (
            <span>
              Never tried. <a href={routeHref({ name: 'history', query: { job: job.name } })}>Try a restore</a> to be sure the backups work.
            </span>
          )}
        </dd>
      </dl>
      <div className="button-row">
        <Button variant="primary" onClick={() => void runNow.run()} pending={runNow.pending} pendingLabel="Starting…" disabled={running}>
          {running ? 'Backing up…' : 'Back up now'}
        </Button>
        <a className="button button-quiet" href={routeHref({ name: 'history', query: { job: job.name } })}>
          History
        </a>
        <a className="button button-quiet" href={routeHref({ name: 'job-edit', job: job.name })}>
          Edit
        </a>
      </div>
      {notice ? (
        <p role="status" className="muted">
          {notice.queued ? 'The backup is starting; progress appears below.' : 'A backup of this job is already running or waiting.'}
        </p>
      ) : null}
      <ErrorPanel error={runNow.error} />
    </article>
  );
}
