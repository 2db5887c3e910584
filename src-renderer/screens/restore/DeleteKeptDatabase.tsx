// Deleting a database kept by a replace: only after its name is typed, since it is the only copy
// of the data as it was just before the restore.
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Modal } from '../../components/Modal';
import { TextField } from '../../components/TextField';

export interface DeleteKeptDatabaseProps {
  server: string;
  name: string;
  onDeleted: (name: string) => void;
}

export function DeleteKeptDatabase({ server, name, onDeleted }: DeleteKeptDatabaseProps) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const drop = useAction(() =>
    api.call('restore.keptDrop', { server, name, confirm: typed.trim() }).then((r) => {
      setOpen(false);
      onDeleted(r.dropped);
      return r;
    }),
  );
  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        {`Delete ${name}`}
      </Button>
      {open ? (
        <Modal
          title={`Delete ${name}?`}
          role="alertdialog"
          onClose={() => setOpen(false)}
          footer={
            <div className="button-row">
              <Button variant="secondary" onClick={() => setOpen(false)}>
                Keep it
              </Button>
              <Button variant="danger" disabled={typed.trim() !== name} onClick={() => void drop.run()} pending={drop.pending} pendingLabel="Deleting…">
                Delete for good
              </Button>
            </div>
          }
        >
          <p>
            {name} on {server} holds the data as it was just before the restore replaced it. Once deleted, it is gone (backups made before the restore still have it).
          </p>
          <TextField label={`Type ${name} to confirm`} value={typed} onChange={setTyped} autoComplete="off" wide />
          <ErrorPanel error={drop.error} />
        </Modal>
      ) : null}
    </>
  );
}
