// Deleting a job asks, explicitly and with nothing preselected, what happens to its backups:
// keeping them is the safe choice, deleting them cannot be undone.
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Modal } from '../../components/Modal';
import { RadioGroup } from '../../components/RadioGroup';

export interface DeleteJobDialogProps {
  job: string;
  onClose: () => void;
  onDeleted: (result: { removed: string; deletedCopies: number }) => void;
}

export function DeleteJobDialog({ job, onClose, onDeleted }: DeleteJobDialogProps) {
  const api = useApi();
  const [backups, setBackups] = useState<'keep' | 'delete' | null>(null);
  const remove = useAction((choice: 'keep' | 'delete') => api.call('jobs.delete', { name: job, backups: choice }));

  async function confirm() {
    if (!backups) return;
    const result = await remove.run(backups);
    if (result) onDeleted(result);
  }

  return (
    <Modal
      title={`Delete the job “${job}”?`}
      role="alertdialog"
      onClose={onClose}
      footer={
        <div className="button-row">
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="danger" onClick={() => void confirm()} disabled={!backups} pending={remove.pending} pendingLabel="Deleting…">
            {backups === 'delete' ? 'Delete the job and its backups' : 'Delete the job'}
          </Button>
        </div>
      }
    >
      <p>No more backups will run for this job. What should happen to the backups it already made?</p>
      <RadioGroup
        legend="Its backups"
        value={backups}
        onChange={setBackups}
        choices={[
          { value: 'keep', label: 'Keep them', hint: 'They stay in every destination and in History, and can still be restored.' },
          { value: 'delete', label: 'Delete them from every destination', hint: 'This cannot be undone. Backups under Object Lock are kept until their lock ends.' },
        ]}
      />
      <ErrorPanel error={remove.error} />
    </Modal>
  );
}
