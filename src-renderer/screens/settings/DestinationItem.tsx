// One saved destination with Test (write, read back, delete a small file) and Remove.
import { useState } from 'react';
import type { DestinationView } from '../../../src-shared/api';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Modal } from '../../components/Modal';
import { StepList } from '../../forms/StepList';

export function DestinationItem({ destination }: { destination: DestinationView }) {
  const api = useApi();
  const name = destination.name;
  const test = useAction(() => api.call('destinations.test', { name }));
  const remove = useAction(() => api.call('destinations.remove', { name }));
  const [confirming, setConfirming] = useState(false);

  return (
    <li className="destination-item">
      <div className="destination-item-main">
        <p>
          <strong>{name}</strong> <span className="muted">({destination.kind === 'folder' ? 'folder' : 'S3'})</span>
        </p>
        <p className="break">{destination.where}</p>
        {destination.objectLockDays ? <p className="muted">Object Lock: copies cannot be deleted for {destination.objectLockDays} days.</p> : null}
      </div>
      <div className="button-row">
        <Button onClick={() => void test.run()} pending={test.pending} pendingLabel="Testing…" aria-label={`Test ${name}`}>
          Test
        </Button>
        <Button variant="danger" onClick={() => setConfirming(true)} aria-label={`Remove ${name}`}>
          Remove
        </Button>
      </div>
      {test.result ? <StepList title={`“${name}” works`} steps={test.result.steps} /> : null}
      <ErrorPanel error={test.error} />
      {confirming ? (
        <Modal
          title={`Remove the destination “${name}”?`}
          role="alertdialog"
          onClose={() => setConfirming(false)}
          footer={
            <div className="button-row">
              <Button onClick={() => setConfirming(false)}>Cancel</Button>
              <Button variant="danger" pending={remove.pending} pendingLabel="Removing…" onClick={() => void remove.run().then((r) => r && setConfirming(false))}>
                Remove
              </Button>
            </div>
          }
        >
          <p>Lifeboat forgets this destination. The backups already in it are not deleted, and stay readable with the standard tools.</p>
          <p>Jobs that still use it must be changed first.</p>
          <ErrorPanel error={remove.error} />
        </Modal>
      ) : null}
    </li>
  );
}
