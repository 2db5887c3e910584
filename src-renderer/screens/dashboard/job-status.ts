// Words for the states the core reports, written for someone who is not a database expert.
import type { JobCard, JobStatus, WorkItem } from '../../../src-shared/api';

export const JOB_STATUS_LABEL: Record<JobStatus, string> = {
  ok: 'All good',
  warning: 'Needs attention',
  error: 'Failing',
  running: 'Backing up now',
  idle: 'No backup yet',
  paused: 'Paused',
};

export type CopyState = JobCard['destinations'][number]['state'];

export const COPY_STATE_LABEL: Record<CopyState, string> = {
  ok: 'latest backup is there',
  degraded: 'some copies are missing',
  missing: 'cannot be reached',
  unknown: 'not checked yet',
};

export const COPY_STATE_TONE: Record<CopyState, 'ok' | 'warning' | 'error' | 'idle'> = {
  ok: 'ok',
  degraded: 'warning',
  missing: 'error',
  unknown: 'idle',
};

export function workTitle(item: WorkItem): string {
  const what = item.database ?? item.job ?? 'a backup';
  const job = item.job && item.database ? ` (${item.job})` : '';
  switch (item.kind) {
    case 'backup':
      return `Backing up ${what}${job}`;
    case 'restore':
      return `Restoring ${what}`;
    case 'verify':
      return `Checking ${what}`;
  }
}
