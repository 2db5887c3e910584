// What the restore proved: row counts compared with the backup, table by table, and how to
// connect to the new database (the connection string never contains the password).
import type { RestoreReport } from '../../../src-shared/types';
import { CopyButton } from '../../components/CopyButton';
import { StatusBadge } from '../../components/StatusBadge';
import { formatBytes } from '../../format/bytes';
import { plural } from '../../format/plural';
import { formatDuration } from '../../format/time';

export function RestoreReportView({ report, connectionString }: { report: RestoreReport; connectionString: string }) {
  const ok = report.mismatches.length === 0;
  return (
    <div className="restore-report">
      <p>
        <StatusBadge tone={ok ? 'ok' : 'warning'}>
          {ok ? `Restored ${report.database} into ${report.targetDatabase}` : `Restored into ${report.targetDatabase}, but some row counts differ`}
        </StatusBadge>
      </p>
      <dl className="facts">
        <dt>Time taken</dt>
        <dd>{formatDuration(report.durationMs / 1000)}</dd>
        <dt>Read</dt>
        <dd>{formatBytes(report.bytesRead)}</dd>
        <dt>Row counts</dt>
        <dd>
          {report.tablesChecked === 0
            ? 'Not checked: this backup has no row counts.'
            : ok
              ? report.tablesChecked === 1
                ? 'The table has exactly as many rows as when the backup was made.'
                : `All ${report.tablesChecked} tables have exactly as many rows as when the backup was made.`
              : `${report.mismatches.length} of ${plural(report.tablesChecked, 'table')} ${report.mismatches.length === 1 ? 'differs' : 'differ'} from the backup.`}
        </dd>
      </dl>
      {!ok ? (
        <table className="small-table">
          <caption>Tables whose row count differs</caption>
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col">Rows in the backup</th>
              <th scope="col">Rows restored</th>
            </tr>
          </thead>
          <tbody>
            {report.mismatches.map((m) => (
              <tr key={`${m.schema}.${m.table}`}>
                <th scope="row">
                  {m.schema}.{m.table}
                </th>
                <td className="numeric">{m.expected ?? 'missing'}</td>
                <td className="numeric">{m.actual ?? 'missing'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.warnings.length > 0 ? (
        <section aria-labelledby="restore-warnings">
          <h3 id="restore-warnings">Warnings</h3>
          <ul>
            {report.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="field field-wide">
        <label htmlFor="connection-string">Connection string (no password in it)</label>
        <input id="connection-string" className="mono" readOnly value={connectionString} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <CopyButton text={connectionString} label="Copy connection string" />
    </div>
  );
}
