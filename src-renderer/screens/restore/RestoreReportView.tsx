// What the restore proved: every restored table's row count against the backup's manifest, the
// warnings, how long it took; how to connect to the result (the connection string never holds
// the password); after a replace, where the old database is kept and a way to delete it.
import { useState } from 'react';
import type { ApiResponse } from '../../../src-shared/api';
import type { TableRowCount } from '../../../src-shared/types';
import { CopyButton } from '../../components/CopyButton';
import { StatusBadge } from '../../components/StatusBadge';
import { formatBytes } from '../../format/bytes';
import { plural } from '../../format/plural';
import { formatDuration } from '../../format/time';
import { DeleteKeptDatabase } from './DeleteKeptDatabase';
import { tableKey } from './restore-draft';

export interface RestoreReportViewProps {
  result: ApiResponse<'backups.restore'>;
  connectionString: string;
  /** The backup's tables with their row counts at backup time, and which of them were restored (null: all). */
  tables: TableRowCount[];
  chosen: string[] | null;
  /** `user@host:port`, for deleting the kept database. */
  server: string;
}

export function RestoreReportView({ result, connectionString, tables, chosen, server }: RestoreReportViewProps) {
  const { report, keptAs, roles } = result;
  const [keptDeleted, setKeptDeleted] = useState(false);
  const ok = report.mismatches.length === 0;
  const differs = new Map(report.mismatches.map((m) => [tableKey(m.schema, m.table), m]));
  const restored = chosen ? tables.filter((t) => chosen.includes(tableKey(t.schema, t.table))) : tables;
  const where = result.mode === 'replace' ? report.database : report.targetDatabase;
  return (
    <div className="restore-report">
      <p>
        <StatusBadge tone={ok ? 'ok' : 'warning'}>
          {!ok ? `Restored into ${where}, but some row counts differ` : result.mode === 'replace' ? `Replaced ${where} with the backup` : `Restored ${report.database} into ${report.targetDatabase}`}
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
        {roles ? (
          <>
            <dt>Roles</dt>
            <dd>{roles.created.length > 0 ? `Created ${roles.created.join(', ')}.` : 'All roles existed already.'}</dd>
          </>
        ) : null}
      </dl>
      {restored.length > 0 || report.mismatches.length > 0 ? (
        <table className="small-table">
          <caption>Rows per table</caption>
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col">Rows in the backup</th>
              <th scope="col">Rows restored</th>
            </tr>
          </thead>
          <tbody>
            {(restored.length > 0 ? restored : report.mismatches.map((m) => ({ schema: m.schema, table: m.table, rows: m.expected ?? 0 }))).map((t) => {
              const m = differs.get(tableKey(t.schema, t.table));
              return (
                <tr key={`${t.schema}.${t.table}`} className={m ? 'row-differs' : undefined}>
                  <th scope="row">
                    {t.schema}.{t.table}
                  </th>
                  <td className="numeric">{m ? (m.expected ?? 'missing') : t.rows}</td>
                  <td className="numeric">{m ? (m.actual ?? 'missing') : t.rows}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {report.warnings.length > 0 || (roles?.warnings.length ?? 0) > 0 ? (
        <section aria-labelledby="restore-warnings">
          <h3 id="restore-warnings">Warnings</h3>
          <ul>
            {[...report.warnings, ...(roles?.warnings ?? [])].map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="field field-wide">
        <label htmlFor="connection-string">Connection string (no password in it)</label>
        <input id="connection-string" className="mono" readOnly value={connectionString} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <div className="button-row">
        <CopyButton text={connectionString} label="Copy connection string" />
      </div>
      {keptAs ? (
        <section aria-labelledby="kept-old">
          <h3 id="kept-old">The previous database</h3>
          {keptDeleted ? (
            <p role="status">{keptAs} was deleted.</p>
          ) : (
            <>
              <p>
                It is kept as <strong className="mono">{keptAs}</strong> until you delete it.
              </p>
              <DeleteKeptDatabase server={server} name={keptAs} onDeleted={() => setKeptDeleted(true)} />
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}
