// The two recharts figures of the dashboard, in their own chunk: recharts is large, and the job
// cards above must not wait for it (BackupChart loads this file lazily).
import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBytes } from '../../format/bytes';
import { formatDuration } from '../../format/time';
import type { DayTotals } from './chart-data';

const AXIS = { stroke: 'var(--text-muted)', fontSize: 12 };

export default function BackupCharts({ data }: { data: DayTotals[] }) {
  // Short backups would read "0 min" on every tick: show seconds until a day takes a minute.
  const inSeconds = Math.max(0, ...data.map((d) => d.durationMinutes)) < 1;
  const unit = inSeconds ? 's' : 'min';
  const rows = data.map((d) => ({ ...d, duration: inSeconds ? d.durationMinutes * 60 : d.durationMinutes }));
  return (
    <div className="charts">
      <figure className="chart">
        <figcaption>Size stored per day</figcaption>
        <BarChart responsive data={rows} style={{ width: '100%', height: 220 }} accessibilityLayer aria-hidden="true">
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} interval="preserveStartEnd" minTickGap={16} />
          <YAxis tick={AXIS} tickFormatter={(v: number) => formatBytes(v)} width={72} />
          <Tooltip formatter={(v) => [formatBytes(Number(v)), 'Stored']} contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border)' }} />
          <Bar dataKey="storedBytes" name="Stored" fill="var(--accent)" radius={[3, 3, 0, 0]} />
        </BarChart>
      </figure>
      <figure className="chart">
        <figcaption>Time spent backing up per day</figcaption>
        <LineChart responsive data={rows} style={{ width: '100%', height: 220 }} aria-hidden="true">
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} interval="preserveStartEnd" minTickGap={16} />
          <YAxis tick={AXIS} tickFormatter={(v: number) => `${Math.round(v)} ${unit}`} allowDecimals={false} width={60} />
          <Tooltip formatter={(v) => [formatDuration(Number(v) * (inSeconds ? 1 : 60)), 'Duration']} contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border)' }} />
          <Line type="monotone" dataKey="duration" name="Duration" stroke="var(--accent-2)" strokeWidth={2} dot={false} />
        </LineChart>
      </figure>
    </div>
  );
}
