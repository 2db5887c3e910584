// Step 5: the restore running (live progress from work events, Cancel), then its report or
// the exact problem with a way back to change the settings.
import { useState } from 'react';
import type { ApiResponse, WorkItem } from '../../../src-shared/api';
import type { TableRowCount } from '../../../src-shared/types';
import { useApi } from '../../api/api-context';
import type { ApiError } from '../../api/api-error';
import { useAction } from '../../api/use-action';
import { useEvent } from '../../api/use-event';
import { routeHref } from '../../app/routes';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { ProgressBar } from '../../components/ProgressBar';
import { RestoreReportView } from './RestoreReportView';

export type RestoreRun = { state: 'running' } | { state: 'done'; result: ApiResponse<'backups.restore'> } | { state: 'failed'; error: ApiError };

export interface RestoreRunStepProps {
  run: RestoreRun;
  backupId: string;
  connectionString: string;
  tables: TableRowCount[];
  chosen: string[] | null;
  server: string;
  /** What a failure leaves behind (nothing), and what Cancel does, in this mode. */
  failureNote: string;
  cancelNote: string;
  onChangeSettings: () => void;
}

export function RestoreRunStep({ run, backupId, connectionString, tables, chosen, server, failureNote, cancelNote, onChangeSettings }: RestoreRunStepProps) {
  const api = useApi();
  const [work, setWork] = useState<WorkItem | null>(null);
  useEvent('work', (payload) => setWork(payload.work.find((w) => w.kind === 'restore' && w.backupId === backupId) ?? null));
  const cancel = useAction((id: string) => api.call('work.cancel', { id }));

  return (
    <section className="wizard-step" aria-labelledby="restore-run-title">
      <h2 id="restore-run-title" tabIndex={-1}>
        {run.state === 'running' ? 'Restoring…' : run.state === 'done' ? 'Restore finished' : 'The restore did not finish'}
      </h2>
      {run.state === 'running' ? (
        <>
          <p>{work?.step ?? 'Starting…'}</p>
          <ProgressBar label="Restore progress" progress={work?.progress ?? null} />
          <div className="button-row">
            <Button variant="danger" disabled={!work} onClick={() => work && void cancel.run(work.id)} pending={cancel.pending} pendingLabel="Cancelling…">
              Cancel the restore
            </Button>
          </div>
          <p className="muted">{cancelNote} You can leave this page; the restore continues and appears under Activity.</p>
          <ErrorPanel error={cancel.error} />
        </>
      ) : null}
      {run.state === 'done' ? <RestoreReportView result={run.result} connectionString={connectionString} tables={tables} chosen={chosen} server={server} /> : null}
      {run.state === 'failed' ? (
        <>
          <ErrorPanel error={run.error} />
          <p className="muted">{failureNote}</p>
          <div className="button-row">
            <Button variant="primary" onClick={onChangeSettings}>
              Change the settings and try again
            </Button>
          </div>
        </>
      ) : null}
      {run.state !== 'running' ? (
        <p className="back-link">
          <a href={routeHref({ name: 'history', query: {} })}>Back to History</a>
        </p>
      ) : null}
    </section>
  );
}
