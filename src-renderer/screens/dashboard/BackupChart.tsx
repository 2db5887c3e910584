// Backup sizes and durations over the last 30 days: a sudden drop in size or jump in duration
// is often the first sign that something changed. The same numbers are available as a table
// for screen readers and for copying.
import { lazy, Suspense } from 'react';
import type { ChartPoint } from '../../../src-shared/api';
import { formatBytes } from '../../format/bytes';
import { formatDuration } from '../../format/time';
import { dailyTotals } from './chart-data';

// recharts is a large chunk; the job cards render first and the charts follow.
const BackupCharts = lazy(() => import('./BackupCharts'));

function ChartsPlaceholder() {
  return (
    <div className="charts charts-loading">
      <p className="muted">Loading the charts…</p>
    </div>
  );
}

export function BackupChart({ points }: { points: ChartPoint[] }) {
  const data = dailyTotals(points);
  const any = data.some((d) => d.backups > 0);
  return (
    <section className="panel" aria-labelledby="chart-title">
      <h2 id="chart-title">The last 30 days</h2>
      {!any ? (
        <p className="muted">No backups in the last 30 days yet. The chart fills in as backups run.</p>
      ) : (
        <Suspense fallback={<ChartsPlaceholder />}>
          <BackupCharts data={data} />
        </Suspense>
      )}
      {any ? (
        <details className="chart-table">
          <summary>Show the numbers as a table</summary>
          <table>
            <caption className="visually-hidden">Backups per day, last 30 days</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Backups</th>
                <th scope="col">Stored</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {data
                .filter((d) => d.backups > 0)
                .map((d) => (
                  <tr key={d.day}>
                    <th scope="row">{d.label}</th>
                    <td>{d.backups}</td>
                    <td>{formatBytes(d.storedBytes)}</td>
                    <td>{formatDuration(d.durationMinutes * 60)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}
