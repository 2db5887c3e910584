import type { WorkItem } from '../../../src-shared/api';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { ProgressBar } from '../../components/ProgressBar';
import { RelativeTime } from '../../components/RelativeTime';
import { workTitle } from './job-status';

export function WorkRow({ item }: { item: WorkItem }) {
  const api = useApi();
  const cancel = useAction(() => api.call('work.cancel', { id: item.id }));
  const title = workTitle(item);
  return (
    <li className="work-row">
      <div className="work-row-head">
        <p className="work-title">
          <strong>{title}</strong> <span className="muted">· {item.step} · started <RelativeTime iso={item.startedAt} /></span>
        </p>
        <Button variant="danger" onClick={() => void cancel.run()} pending={cancel.pending} pendingLabel="Cancelling…" aria-label={`Cancel: ${title}`}>
          Cancel
        </Button>
      </div>
      <ProgressBar label={`${title}: ${item.step}`} progress={item.progress} />
      {cancel.result && !cancel.result.cancelled ? <p className="muted">It had already finished.</p> : null}
      <ErrorPanel error={cancel.error} />
    </li>
  );
}
