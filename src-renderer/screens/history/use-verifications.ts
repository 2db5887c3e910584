// Verifications started from the history, kept above the dialog so closing it does not lose the
// result: the check goes on and its outcome is there when the dialog is opened again.
import { useCallback, useState } from 'react';
import type { VerifyReport } from '../../../src-shared/types';
import type { BackupRecord } from '../../../src-shared/types';
import { useApi } from '../../api/api-context';
import { toApiError, type ApiError } from '../../api/api-error';

export type Verification = { backup: BackupRecord; state: 'running' } | { backup: BackupRecord; state: 'done'; report: VerifyReport } | { backup: BackupRecord; state: 'failed'; error: ApiError };

export function useVerifications() {
  const api = useApi();
  const [byId, setById] = useState<ReadonlyMap<string, Verification>>(new Map());

  const start = useCallback(
    (backup: BackupRecord) => {
      setById((m) => new Map(m).set(backup.id, { backup, state: 'running' }));
      api.call('backups.verify', { id: backup.id }).then(
        ({ report }) => setById((m) => new Map(m).set(backup.id, { backup, state: 'done', report })),
        (error: unknown) => setById((m) => new Map(m).set(backup.id, { backup, state: 'failed', error: toApiError(error) })),
      );
    },
    [api],
  );

  const running = new Set([...byId.values()].filter((v) => v.state === 'running').map((v) => v.backup.id));
  return { byId, start, running };
}
