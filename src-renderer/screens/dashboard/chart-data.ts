// Turns the core's per-backup chart points into one bar per day (last 30 days, every day shown
// even without backups, so gaps are visible).
import type { ChartPoint } from '../../../src-shared/api';

export interface DayTotals {
  day: string;
  label: string;
  storedBytes: number;
  durationMinutes: number;
  backups: number;
}

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

const dayLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

export function dailyTotals(points: ChartPoint[], now: Date = new Date(), days = 30): DayTotals[] {
  const out = new Map<string, DayTotals>();
  for (let i = days - 1; i >= 0; i -= 1) {
    const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() - i);
    out.set(dayKey(date), { day: dayKey(date), label: dayLabel.format(date), storedBytes: 0, durationMinutes: 0, backups: 0 });
  }
  for (const point of points) {
    const date = new Date(point.date);
    if (Number.isNaN(date.getTime())) continue;
    const totals = out.get(dayKey(date));
    if (!totals) continue;
    totals.storedBytes += point.storedBytes;
    totals.durationMinutes += point.durationSeconds / 60;
    totals.backups += 1;
  }
  return [...out.values()];
}
