// The catalog: every backup, filterable, with per-copy state and the actions that prove a
// backup is good (Verify) or use it (Restore).
import { useCallback, useMemo, useState } from 'react';
import type { BackupRecord } from '../../../src-shared/types';
import { useApiQuery } from '../../api/use-api-query';
import { navigate, type HistoryQuery } from '../../app/routes';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { Screen } from '../../components/Screen';
import { BackupDrawer } from './BackupDrawer';
import { BackupTable } from './BackupTable';
import { toHistoryFilter } from './filter-request';
import { EMPTY_FILTER, HistoryFilters, type FilterForm } from './HistoryFilters';
import { useBackupPages } from './use-backup-pages';
import { useVerifications } from './use-verifications';
import { VerifyDialog } from './VerifyDialog';

export function HistoryScreen({ query }: { query: HistoryQuery }) {
  const [form, setForm] = useState<FilterForm>({ ...EMPTY_FILTER, job: query.job ?? '', database: query.database ?? '' });
  const filter = useMemo(() => toHistoryFilter(form), [form]);
  const pages = useBackupPages(filter);
  const jobs = useApiQuery('jobs.list', {}, [], { refreshOn: ['jobs'] });
  const destinations = useApiQuery('destinations.list', {}, [], { refreshOn: ['destinations'] });
  const verifications = useVerifications();
  const [details, setDetails] = useState<BackupRecord | null>(null);
  const [verifyOpen, setVerifyOpen] = useState<string | null>(null);

  const destinationList = destinations.data?.destinations;
  const nameOf = useCallback((id: string) => destinationList?.find((d) => d.id === id)?.name ?? id, [destinationList]);

  const verify = (backup: BackupRecord) => {
    const current = verifications.byId.get(backup.id);
    if (!current || current.state !== 'running') verifications.start(backup);
    setDetails(null);
    setVerifyOpen(backup.id);
  };
  const restore = (backup: BackupRecord) => navigate({ name: 'restore', backupId: backup.id });
  const shownVerification = verifyOpen ? verifications.byId.get(verifyOpen) : undefined;

  return (
    <Screen title="History" intro="Every backup Lifeboat knows about, newest first.">
      <HistoryFilters value={form} onChange={setForm} jobs={jobs.data?.jobs ?? []} destinations={destinationList ?? []} />
      <p className="result-count" role="status">
        {pages.total === null ? '' : pages.total === 1 ? '1 backup' : `${pages.total.toLocaleString()} backups`}
      </p>
      <ErrorPanel error={pages.error} onRetry={pages.retry} />
      {pages.total === null && !pages.error ? <Loading label="Loading backups…" /> : null}
      {pages.total === 0 ? <p className="muted">No backups match these filters.</p> : null}
      {pages.total ? <BackupTable pages={pages} actions={{ onVerify: verify, onRestore: restore, onDetails: setDetails, nameOf, verifying: verifications.running }} /> : null}
      {details ? <BackupDrawer backup={details} nameOf={nameOf} onClose={() => setDetails(null)} onVerify={verify} onRestore={restore} /> : null}
      {shownVerification ? <VerifyDialog verification={shownVerification} onClose={() => setVerifyOpen(null)} /> : null}
    </Screen>
  );
}
