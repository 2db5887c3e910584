// Loads a job (or starts a blank one) and the saved destinations, then hands them to the form.
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { useApiQuery } from '../../api/use-api-query';
import { navigate, routeHref } from '../../app/routes';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { Screen } from '../../components/Screen';
import { draftFromJob, newJobDraft } from '../../forms/job-draft';
import { DeleteJobDialog } from './DeleteJobDialog';
import { JobEditorForm } from './JobEditorForm';
import { JobTestResults } from './JobTestResults';

export function JobEditorScreen({ jobName }: { jobName: string | null }) {
  const api = useApi();
  // No refresh on "changed": a background run must not reset what the user is typing.
  const job = useApiQuery('jobs.get', jobName ? { name: jobName } : null, [jobName], { refreshOn: 'never' });
  const destinations = useApiQuery('destinations.list', {}, [], { refreshOn: ['destinations'] });
  const test = useAction((name: string) => api.call('jobs.test', { name }));
  const pause = useAction((name: string, paused: boolean) => api.call('jobs.setPaused', { name, paused }));
  const [paused, setPaused] = useState<boolean | null>(null);
  const [saved, setSaved] = useState('');
  const [deleting, setDeleting] = useState(false);

  const ready = (jobName === null || job.data) && destinations.data;
  const isPaused = paused ?? job.data?.job.paused ?? false;

  return (
    <Screen
      title={jobName ? `Job ${jobName}` : 'New job'}
      actions={
        jobName ? (
          <>
            <Button onClick={() => void test.run(jobName)} pending={test.pending} pendingLabel="Testing…">
              Test
            </Button>
            <Button
              onClick={async () => {
                const result = await pause.run(jobName, !isPaused);
                if (result) setPaused(result.paused);
              }}
              pending={pause.pending}
            >
              {isPaused ? 'Resume' : 'Pause'}
            </Button>
            <Button variant="danger" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          </>
        ) : null
      }
    >
      <p>
        <a href={routeHref({ name: 'jobs' })}>← All jobs</a>
      </p>
      {isPaused ? <p className="muted">This job is paused: scheduled backups do not run until it is resumed.</p> : null}
      <ErrorPanel error={job.error ?? destinations.error} onRetry={() => (job.refresh(), destinations.refresh())} />
      <ErrorPanel error={test.error ?? pause.error} />
      {test.result ? <JobTestResults result={test.result} /> : null}
      <p role="status" className="flash">
        {saved}
      </p>
      {!ready && !job.error && !destinations.error ? <Loading label="Loading the job…" /> : null}
      {ready ? (
        <JobEditorForm
          initial={job.data ? draftFromJob(job.data.job) : { ...newJobDraft(), name: '' }}
          existing={jobName !== null}
          destinations={destinations.data?.destinations ?? []}
          onSaved={(view) => {
            if (jobName === null) navigate({ name: 'job-edit', job: view.config.name });
            else setSaved(`Saved. ${view.scheduleText}.`);
          }}
        />
      ) : null}
      {deleting && jobName ? <DeleteJobDialog job={jobName} onClose={() => setDeleting(false)} onDeleted={() => navigate({ name: 'jobs' })} /> : null}
    </Screen>
  );
}
