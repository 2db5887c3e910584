// One job in the list with its everyday actions: edit, test, pause/resume, delete.
import { useState } from 'react';
import type { JobView } from '../../../src-shared/api';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { routeHref } from '../../app/routes';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { StatusBadge } from '../../components/StatusBadge';
import { formatRunTime } from '../../format/time';
import { DeleteJobDialog } from './DeleteJobDialog';
import { JobTestResults } from './JobTestResults';

export function JobRow({ job, onDeleted }: { job: JobView; onDeleted: (message: string) => void }) {
  const api = useApi();
  const name = job.config.name;
  const test = useAction(() => api.call('jobs.test', { name }));
  const pause = useAction((paused: boolean) => api.call('jobs.setPaused', { name, paused }));
  const [deleting, setDeleting] = useState(false);
  const databases = job.config.source.databases;

  return (
    <li className="job-row">
      <div className="job-row-main">
        <h2 className="job-row-title">
          <a href={routeHref({ name: 'job-edit', job: name })}>{name}</a>
          {job.paused ? <StatusBadge tone="paused">Paused</StatusBadge> : null}
        </h2>
        <p>
          {databases.mode === 'all' ? 'All databases' : databases.names.join(', ')} on {job.config.source.host} → {job.config.destinations.join(', ')}
        </p>
        <p className="muted">
          {job.scheduleText}
          {!job.paused && job.nextRuns[0] ? ` · next: ${formatRunTime(job.nextRuns[0], job.config.schedule.timeZone)}` : ''}
        </p>
      </div>
      <div className="button-row job-row-actions">
        <a className="button button-secondary" href={routeHref({ name: 'job-edit', job: name })} aria-label={`Edit ${name}`}>
          Edit
        </a>
        <Button onClick={() => void test.run()} pending={test.pending} pendingLabel="Testing…" aria-label={`Test ${name}`}>
          Test
        </Button>
        <Button onClick={() => void pause.run(!job.paused)} pending={pause.pending} pendingLabel={job.paused ? 'Resuming…' : 'Pausing…'} aria-label={`${job.paused ? 'Resume' : 'Pause'} ${name}`}>
          {job.paused ? 'Resume' : 'Pause'}
        </Button>
        <Button variant="danger" onClick={() => setDeleting(true)} aria-label={`Delete ${name}`}>
          Delete
        </Button>
      </div>
      <ErrorPanel error={test.error ?? pause.error} />
      {test.result ? <JobTestResults result={test.result} /> : null}
      {deleting ? (
        <DeleteJobDialog
          job={name}
          onClose={() => setDeleting(false)}
          onDeleted={(r) => {
            setDeleting(false);
            onDeleted(r.deletedCopies > 0 ? `Deleted “${r.removed}” and ${r.deletedCopies} backup copies.` : `Deleted “${r.removed}”. Its backups were kept.`);
          }}
        />
      ) : null}
    </li>
  );
}
