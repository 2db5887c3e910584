// Step 1: where PostgreSQL is. "Test connection" logs in, reports the server version and lists
// the databases; the next step is only offered once the current values have worked.
import { useState } from 'react';
import type { ApiResponse } from '../../../src-shared/api';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { ErrorPanel } from '../../components/ErrorPanel';
import { ToolVersionWarning } from '../../components/ToolVersionWarning';
import { WizardStep } from '../../components/WizardStep';
import { connectionInput, validateConnection } from '../../forms/connection-draft';
import { ConnectionFields } from '../../forms/ConnectionFields';
import { hasErrors, withServerFieldError, type FieldErrors } from '../../forms/field-errors';
import type { JobDraft } from '../../forms/job-draft';

export type ConnectionTest = { key: string; result: ApiResponse<'connection.test'> };

export interface ConnectStepProps {
  draft: JobDraft;
  onChange: (draft: JobDraft) => void;
  tested: ConnectionTest | null;
  onTested: (tested: ConnectionTest) => void;
  onNext: () => void;
}

export function connectionKey(draft: JobDraft): string {
  return JSON.stringify(connectionInput(draft.source));
}

export function ConnectStep({ draft, onChange, tested, onTested, onNext }: ConnectStepProps) {
  const api = useApi();
  const [errors, setErrors] = useState<FieldErrors>({});
  const test = useAction(() => api.call('connection.test', connectionInput(draft.source)));
  const key = connectionKey(draft);
  const ok = tested !== null && tested.key === key ? tested.result : null;

  async function runTest() {
    const found = validateConnection(draft.source);
    setErrors(found);
    if (hasErrors(found)) return;
    const result = await test.run();
    if (result) onTested({ key, result });
  }

  return (
    <WizardStep
      title="Connect to your PostgreSQL server"
      intro="Lifeboat logs in like any other program. A user that may read every table is best: the database owner, a superuser, or a member of pg_read_all_data."
      onNext={ok ? onNext : () => void runTest()}
      nextLabel={ok ? 'Continue' : 'Test connection'}
      nextPending={test.pending}
      nextPendingLabel="Testing the connection…"
      footer={<ErrorPanel error={test.error} />}
    >
      <ConnectionFields
        value={draft.source}
        onChange={(source) => onChange({ ...draft, source })}
        errors={withServerFieldError(errors, test.error)}
        showDatabase
      />
      {ok ? (
        <div className="success-box" role="status">
          <p>
            <strong>Connected.</strong> The server runs PostgreSQL {ok.serverVersion}
            {ok.warning ? (ok.toolVersion === 'none' ? '; no pg_dump was found.' : `; the newest pg_dump found is ${ok.toolVersion}.`) : `; backups will use pg_dump ${ok.toolVersion}.`}
          </p>
          <p>
            {ok.databases.length === 1 ? 'Found 1 database' : `Found ${ok.databases.length} databases`}
            {ok.databases.length > 0 ? `: ${ok.databases.join(', ')}.` : '.'}
          </p>
        </div>
      ) : null}
      {ok ? <ToolVersionWarning warning={ok.warning} /> : null}
    </WizardStep>
  );
}
