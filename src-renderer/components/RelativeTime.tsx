import { formatDateTime, formatRelative } from '../format/time';
import { useNow } from './use-now';

/** "2 hours ago" with the exact date and time as a tooltip and machine-readable value. */
export function RelativeTime({ iso }: { iso: string | null | undefined }) {
  const now = useNow();
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}
