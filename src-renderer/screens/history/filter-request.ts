// The filter form as a backups.list filter: empty fields are left out, dates become the local
// day's start (from) and its last millisecond (to: the core compares `started_at <= to`), so
// "to 12 Nov" includes all of 12 Nov.
import { localDayStart } from '../../format/time';
import type { FilterForm } from './HistoryFilters';
import type { HistoryFilter } from './use-backup-pages';

export function toHistoryFilter(form: FilterForm): HistoryFilter {
  const filter: HistoryFilter = {};
  if (form.job) filter.job = form.job;
  if (form.database) filter.database = form.database;
  if (form.status) filter.status = form.status;
  if (form.destination) filter.destination = form.destination;
  const from = form.from ? localDayStart(form.from) : undefined;
  const nextDay = form.to ? localDayStart(form.to, 1) : undefined;
  const to = nextDay ? new Date(new Date(nextDay).getTime() - 1).toISOString() : undefined;
  if (from) filter.from = from;
  if (to) filter.to = to;
  return filter;
}
