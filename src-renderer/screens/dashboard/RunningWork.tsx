import type { WorkItem } from '../../../src-shared/api';
import { WorkRow } from './WorkRow';

export function RunningWork({ work }: { work: WorkItem[] }) {
  return (
    <section className="panel" aria-labelledby="running-work-title">
      <h2 id="running-work-title">Running now</h2>
      {work.length === 0 ? (
        <p className="muted">Nothing is running.</p>
      ) : (
        <ul className="work-list">
          {work.map((item) => (
            <WorkRow key={item.id} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}
