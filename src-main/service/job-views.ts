// A job as the editor and the jobs list see it: its configuration, pause state, the schedule in
// words and the next runs (ISO 8601 with the schedule's UTC offset, so both the moment and the
// local time are exact).
import type { JobView } from '../../src-shared/api';
import type { JobRecord } from '../catalog/jobs-repo';
import { isoWithOffset } from '../records/zoned-time';
import { nextRuns } from '../schedule/next-runs';
import { describeSchedule, validateSchedule, type Schedule } from '../schedule/presets';

export function previewSchedule(schedule: Schedule, from: Date, count = 5): { description: string; nextRuns: string[] } {
  const valid = validateSchedule(schedule);
  return { description: describeSchedule(valid), nextRuns: nextRuns(valid, from, count).map((d) => isoWithOffset(d, valid.timeZone)) };
}

export function jobView(record: JobRecord, now: Date): JobView {
  const preview = previewSchedule(record.config.schedule as Schedule, now);
  return { config: record.config, paused: record.paused, createdAt: record.createdAt, nextRuns: preview.nextRuns, scheduleText: preview.description };
}
