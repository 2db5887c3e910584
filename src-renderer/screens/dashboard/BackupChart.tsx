// Backup sizes and durations over the last 30 days: a sudden drop in size or jump in duration
// is often the first sign that something changed. The same numbers are available as a table
// for screen readers and for copying.
import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPoint } from '../../../src-shared/api';
import { formatBytes } from '../../format/bytes';
import { formatDuration } from '../../format/time';
import { dailyTotals } from './chart-data';

const AXIS = { stroke: 'var(--text-muted)', fontSize: 12 };

export function BackupChart({ points }: { points: ChartPoint[] }) {
  const data = dailyTotals(points);
  const any = data.some((d) => d.backups > 0);
  return (
    <section className="panel" aria-labelledby="chart-title">
      <h2 id="chart-title">The last 30 days</h2>
      {!any ? (
        <p className="muted">No backups in the last 30 days yet. The chart fills in as backups run.</p>
      ) : (
        <div className="charts">
          <figure className="chart">
            <figcaption>Size stored per day</figcaption>
            <BarChart responsive data={data} style={{ width: '100%', height: 220 }} accessibilityLayer aria-hidden="true">
              <CartesianGrid stroke="var(--border)" vertical={false} />
              <XAxis dataKey="label" tick={AXIS} interval="preserveStartEnd" minTickGap={16} />
              <YAxis tick={AXIS} tickFormatter={(v: number) => formatBytes(v)} width={72} />
              <Tooltip formatter={(v) => [formatBytes(Number(v)), 'Stored']} contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border)' }} />
              <Bar dataKey="storedBytes" name="Stored" fill="var(--accent)" radius={[3, 3, 0, 0]} />
            </BarChart>
          </figure>
          <figure className="chart">
            <figcaption>Time spent backing up per day</figcaption>
            <LineChart responsive data={data} style={{ width: '100%', height: 220 }} aria-hidden="true">
              <CartesianGrid stroke="var(--border)" vertical={false} />
              <XAxis dataKey="label" tick={AXIS} interval="preserveStartEnd" minTickGap={16} />
              <YAxis tick={AXIS} tickFormatter={(v: number) => `${Math.round(v)} min`} width={60} />
              <Tooltip formatter={(v) => [formatDuration(Number(v) * 60), 'Duration']} contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border)' }} />
              <Line type="monotone" dataKey="durationMinutes" name="Duration" stroke="var(--accent-2)" strokeWidth={2} dot={false} />
            </LineChart>
          </figure>
        </div>
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
