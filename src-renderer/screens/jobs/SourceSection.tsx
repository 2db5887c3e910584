// The job's server and databases, with "Test connection" to list the databases on the server.
import type { ApiResponse } from '../../../src-shared/api';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { ToolVersionWarning } from '../../components/ToolVersionWarning';
import { connectionInput } from '../../forms/connection-draft';
import { ConnectionFields } from '../../forms/ConnectionFields';
import { DatabasePicker } from '../../forms/DatabasePicker';
import { errorsUnder, type FieldErrors } from '../../forms/field-errors';
import type { JobDraft } from '../../forms/job-draft';

export interface SourceSectionProps {
  draft: JobDraft;
  onChange: (draft: JobDraft) => void;
  errors: FieldErrors;
  existing: boolean;
}

export function SourceSection({ draft, onChange, errors, existing }: SourceSectionProps) {
  const api = useApi();
  const test = useAction(() => api.call('connection.test', connectionInput(draft.source)));
  const found: ApiResponse<'connection.test'> | undefined = test.result;
  return (
    <section className="panel" aria-labelledby="source-title">
      <h2 id="source-title">What to back up</h2>
      <ConnectionFields
        value={draft.source}
        onChange={(source) => onChange({ ...draft, source })}
        errors={errorsUnder(errors, 'source')}
        passwordHint={existing ? 'Leave empty to keep the saved password.' : 'Kept in this computer’s keychain, never in files.'}
      />
      <div className="button-row">
        <Button onClick={() => void test.run()} pending={test.pending} pendingLabel="Testing the connection…">
          Test connection
        </Button>
        {found ? (
          <span role="status" className="muted">
            Connected: PostgreSQL {found.serverVersion}, pg_dump {found.toolVersion}, {found.databases.length} databases.
          </span>
        ) : null}
      </div>
      {existing && test.error?.code === 'PG_AUTH_FAILED' && !draft.source.password ? (
        <p className="field-hint">The test does not use the saved password; type it above to test, or use “Test” on the Jobs page, which does.</p>
      ) : null}
      <ErrorPanel error={test.error} />
      <ToolVersionWarning warning={found?.warning} />
      <DatabasePicker value={draft.databases} onChange={(databases) => onChange({ ...draft, databases })} available={found?.databases ?? null} error={errors['source.databases']} />
    </section>
  );
}
