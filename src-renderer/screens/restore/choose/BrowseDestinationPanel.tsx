// "Browse a destination": list every backup a NAS folder, a USB disk or a saved cloud
// destination holds, from their manifests — also on a fresh install with an empty history.
import { useState } from 'react';
import { useApi } from '../../../api/api-context';
import { useAction } from '../../../api/use-action';
import { useApiQuery } from '../../../api/use-api-query';
import { Button } from '../../../components/Button';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { TextField } from '../../../components/TextField';
import { plural } from '../../../format/plural';

export function BrowseDestinationPanel({ onFound }: { onFound: (message: string) => void }) {
  const api = useApi();
  const saved = useApiQuery('destinations.list', {}, [], { refreshOn: ['destinations'] });
  const [folder, setFolder] = useState('');
  const browse = useAction((spec: string) =>
    api.call('destinations.browse', { spec }).then((r) => {
      onFound(
        r.found === 0
          ? `No Lifeboat backups found in ${spec}.`
          : `Found ${plural(r.found, 'backup')} in ${spec}${r.added > 0 ? ` (${r.added} new to this computer)` : ''}${r.incomplete > 0 ? `; ${r.incomplete} with missing or damaged files` : ''}.`,
      );
      return r;
    }),
  );
  return (
    <div className="choose-panel">
      {saved.data && saved.data.destinations.length > 0 ? (
        <ul className="plain-list">
          {saved.data.destinations.map((d) => (
            <li key={d.name}>
              <Button variant="secondary" onClick={() => void browse.run(d.name)} pending={browse.pending} pendingLabel="Looking…">
                {`Look in ${d.name}`}
              </Button>{' '}
              <span className="muted">{d.where}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No destinations are saved on this computer yet. Type a folder below, or add a cloud destination under Settings first.</p>
      )}
      <TextField label="Or a folder" wide value={folder} onChange={setFolder} placeholder="/mnt/nas/lifeboat" hint="A folder Lifeboat backed up to (a NAS share, a USB disk)." />
      <div className="button-row">
        <Button variant="secondary" onClick={() => void browse.run(folder.trim())} disabled={!folder.trim()} pending={browse.pending} pendingLabel="Looking…">
          Look in this folder
        </Button>
      </div>
      <ErrorPanel error={browse.error} />
    </div>
  );
}
