import { useState } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { routeHref } from '../../app/routes';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { Screen } from '../../components/Screen';
import { JobRow } from './JobRow';

export function JobsScreen() {
  const jobs = useApiQuery('jobs.list', {}, [], { refreshOn: ['jobs'] });
  const [message, setMessage] = useState('');
  return (
    <Screen
      title="Jobs"
      intro="A job says what to back up, when, where to, and how long to keep it."
      actions={
        <>
          <a className="button button-primary" href={routeHref({ name: 'job-new' })}>
            New job
          </a>
          <a className="button button-secondary" href={routeHref({ name: 'welcome' })}>
            Guided setup
          </a>
        </>
      }
    >
      <p role="status" className="flash">
        {message}
      </p>
      <ErrorPanel error={jobs.error} onRetry={jobs.refresh} />
      {jobs.loading && !jobs.data ? <Loading label="Loading jobs…" /> : null}
      {jobs.data && jobs.data.jobs.length === 0 ? (
        <p>
          No jobs yet. <a href={routeHref({ name: 'welcome' })}>The guided setup</a> creates one in about two minutes.
        </p>
      ) : null}
      <ul className="job-list">
        {jobs.data?.jobs.map((job) => (
          <JobRow
            key={job.config.name}
            job={job}
            onDeleted={(text) => {
              setMessage(text);
              jobs.refresh();
            }}
          />
        ))}
      </ul>
    </Screen>
  );
}
