// The audit log: who did what, when, with what outcome. Filters and pages of 100, newest first.
import { useState } from 'react';
import { AUDIT_EVENT_NAMES, AUDIT_EVENTS, type AuditEvent, type AuditStatus } from '../../../src-shared/audit';
import { useApiQuery } from '../../api/use-api-query';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { Screen } from '../../components/Screen';
import { SelectField } from '../../components/SelectField';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge';
import { formatDateTime } from '../../format/time';
import { EVENT_LABEL } from './event-labels';

export const ACTIVITY_PAGE_SIZE = 100;

const STATUS_TONE: Record<AuditStatus, StatusTone> = { info: 'idle', success: 'ok', warning: 'warning', error: 'error' };
const STATUS_LABEL: Record<AuditStatus, string> = { info: 'Info', success: 'Success', warning: 'Warning', error: 'Error' };

export function ActivityScreen() {
  const [job, setJob] = useState('');
  const [event, setEvent] = useState<'' | AuditEvent>('');
  const [status, setStatus] = useState<'' | AuditStatus>('');
  const [page, setPage] = useState(0);
  const jobs = useApiQuery('jobs.list', {}, [], { refreshOn: ['jobs'] });
  const request = {
    ...(job ? { job } : {}),
    ...(event ? { event } : {}),
    ...(status ? { status } : {}),
    offset: page * ACTIVITY_PAGE_SIZE,
    limit: ACTIVITY_PAGE_SIZE,
  };
  const activity = useApiQuery('activity.list', request, [job, event, status, page]);
  const entries = activity.data?.entries ?? [];
  const filterChanged = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(0);
  };

  return (
    <Screen title="Activity" intro="Everything Lifeboat did and every change made to it, newest first.">
      <form className="filters" role="search" aria-label="Filter activity" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Job" value={job} onChange={filterChanged(setJob)} options={[{ value: '', label: 'All jobs' }, ...(jobs.data?.jobs ?? []).map((j) => ({ value: j.config.name, label: j.config.name }))]} />
        <SelectField label="Event" value={event} onChange={filterChanged(setEvent)} options={[{ value: '' as const, label: 'All events' }, ...AUDIT_EVENT_NAMES.map((e) => ({ value: e, label: EVENT_LABEL[e] }))]} />
        <SelectField
          label="Outcome"
          value={status}
          onChange={filterChanged(setStatus)}
          options={[{ value: '' as const, label: 'Any outcome' }, ...(['success', 'warning', 'error', 'info'] as const).map((s) => ({ value: s, label: STATUS_LABEL[s] }))]}
        />
      </form>
      <ErrorPanel error={activity.error} onRetry={activity.refresh} />
      {activity.loading && !activity.data ? <Loading label="Loading activity…" /> : null}
      {activity.data && entries.length === 0 ? <p className="muted">{page === 0 ? 'Nothing matches these filters.' : 'No more entries.'}</p> : null}
      {entries.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table activity-table">
            <caption className="visually-hidden">Activity, page {page + 1}</caption>
            <colgroup>
              <col className="col-when" />
              <col className="col-what" />
              <col className="col-outcome" />
              <col className="col-job" />
              <col className="col-database" />
              <col />
              <col className="col-by" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Outcome</th>
                <th scope="col">Job</th>
                <th scope="col">Database</th>
                <th scope="col">Details</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.timestamp}-${e.event}-${i}`}>
                  <td>
                    <time dateTime={e.timestamp}>{formatDateTime(e.timestamp)}</time>
                  </td>
                  <td title={AUDIT_EVENTS[e.event] ?? e.event}>{EVENT_LABEL[e.event] ?? e.event}</td>
                  <td>
                    <StatusBadge tone={STATUS_TONE[e.status] ?? 'idle'}>{STATUS_LABEL[e.status] ?? e.status}</StatusBadge>
                  </td>
                  <td>{e.job ?? '—'}</td>
                  <td>{e.database ?? '—'}</td>
                  <td>{e.details}</td>
                  <td>{e.actor ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav className="pager" aria-label="Activity pages">
        <Button onClick={() => setPage((p) => Math.max(0, p - 1))} disabled={page === 0}>
          Newer
        </Button>
        <span>Page {page + 1}</span>
        {/* The contract returns no total; a full page means there may be more. */}
        <Button onClick={() => setPage((p) => p + 1)} disabled={entries.length < ACTIVITY_PAGE_SIZE}>
          Older
        </Button>
      </nav>
    </Screen>
  );
}
