// Adds a destination: Lifeboat saves it and immediately tests it (writes, reads back and deletes
// a small file), showing each step or the exact problem.
import { useEffect, useState } from 'react';
import type { ApiResponse } from '../../src-shared/api';
import { useApi, useHost } from '../api/api-context';
import { useAction } from '../api/use-action';
import { Button } from '../components/Button';
import { ErrorPanel } from '../components/ErrorPanel';
import { RadioGroup } from '../components/RadioGroup';
import { TextField } from '../components/TextField';
import { b2Endpoint, destinationInput, emptyFolder, emptyS3, validateDestination, type DestinationDraft, type S3Draft } from './destination-draft';
import { hasErrors, withServerFieldError, type FieldErrors } from './field-errors';
import { StepList } from './StepList';

export interface DestinationFormProps {
  kind: 'folder' | 's3';
  takenNames: readonly string[];
  suggestedName?: string;
  onSaved: (result: ApiResponse<'destinations.save'>) => void;
}

const PROVIDERS = [
  { value: 'b2' as const, label: 'Backblaze B2' },
  { value: 'aws' as const, label: 'Amazon S3' },
  { value: 'other' as const, label: 'Another S3-compatible service (Wasabi, MinIO…)' },
];

export function DestinationForm({ kind, takenNames, suggestedName, onSaved }: DestinationFormProps) {
  const api = useApi();
  const { pickFolder } = useHost();
  const [draft, setDraft] = useState<DestinationDraft>(() => (kind === 'folder' ? emptyFolder(suggestedName) : emptyS3(suggestedName)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useAction((d: DestinationDraft) => api.call('destinations.save', destinationInput(d)));
  const shown = withServerFieldError(errors, save.error);
  // Until the user types a name (or saves), follow the suggestion: it changes when the saved
  // list loads, and must not then collide with an existing destination.
  const [nameTouched, setNameTouched] = useState(false);
  const following = !nameTouched && save.result === undefined;
  useEffect(() => {
    if (following && suggestedName) setDraft((d) => (d.name === suggestedName ? d : { ...d, name: suggestedName }));
  }, [suggestedName, following]);

  function update(next: DestinationDraft) {
    setDraft(next);
    // Clear a field's message as soon as it is edited; the rest stay until the next save.
    if (hasErrors(errors)) setErrors(validateDestination(next, takenNames));
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const found = validateDestination(draft, takenNames);
    setErrors(found);
    if (hasErrors(found)) return;
    const result = await save.run(draft);
    if (result) onSaved(result);
  }

  async function browse() {
    if (!pickFolder || draft.kind !== 'folder') return;
    const path = await pickFolder();
    if (path) update({ ...draft, path });
  }

  const s3 = (patch: Partial<S3Draft>) => draft.kind === 's3' && update({ ...draft, ...patch });

  return (
    <form className="destination-form" onSubmit={(e) => void submit(e)} noValidate aria-label={kind === 'folder' ? 'Folder destination' : 'S3 or Backblaze B2 destination'}>
      <div className="field-grid">
        <TextField label="Name" required value={draft.name} onChange={(name) => {
            setNameTouched(true);
            update({ ...draft, name });
          }}
          error={shown['name']} hint="A short name you will see in lists, for example nas or b2." />
        {draft.kind === 'folder' ? (
          <div className="field-with-button field-wide">
            <TextField
              label="Folder"
              required
              wide
              value={draft.path}
              onChange={(path) => update({ ...draft, path })}
              error={shown['path']}
              placeholder="/mnt/nas/backups"
              hint="A folder on this computer or a mounted NAS share. It must already exist: Lifeboat never creates it, so an unplugged NAS cannot fill the local disk."
            />
            {pickFolder ? (
              <Button onClick={() => void browse()} aria-label="Browse for the folder">
                Browse…
              </Button>
            ) : null}
          </div>
        ) : (
          <>
            <div className="field-wide">
              <RadioGroup legend="Service" value={draft.provider} choices={PROVIDERS} onChange={(provider) => s3({ provider })} />
            </div>
            {draft.provider !== 'other' ? (
              <TextField
                label="Region"
                required
                value={draft.region}
                onChange={(region) => s3({ region })}
                error={shown['region']}
                placeholder={draft.provider === 'b2' ? 'us-west-004' : 'eu-central-1'}
                hint={draft.provider === 'b2' ? 'Shown as “Endpoint” on the bucket’s page: s3.<region>.backblazeb2.com.' : undefined}
              />
            ) : null}
            <TextField
              label={draft.provider === 'aws' ? 'Endpoint (leave empty for Amazon)' : 'Endpoint'}
              required={draft.provider === 'other'}
              wide
              value={draft.endpoint}
              onChange={(endpoint) => s3({ endpoint })}
              error={shown['endpoint']}
              placeholder={draft.provider === 'b2' ? b2Endpoint(draft.region || '<region>') : 'https://s3.example.com'}
              hint={draft.provider === 'b2' ? `Filled in from the region if left empty: ${b2Endpoint(draft.region || '<region>')}` : undefined}
            />
            <TextField label="Bucket" required value={draft.bucket} onChange={(bucket) => s3({ bucket })} error={shown['bucket']} />
            <TextField label="Folder inside the bucket" value={draft.prefix} onChange={(prefix) => s3({ prefix })} error={shown['prefix']} hint="Optional. Lets one bucket hold other things too." />
            <TextField label="Key ID" required value={draft.accessKeyId} onChange={(accessKeyId) => s3({ accessKeyId })} error={shown['accessKeyId']} autoComplete="off" />
            <TextField
              label="Secret key"
              required
              type="password"
              value={draft.secretAccessKey}
              onChange={(secretAccessKey) => s3({ secretAccessKey })}
              error={shown['secretAccessKey']}
              autoComplete="new-password"
              hint="Kept in this computer’s keychain, never in files. Use a key limited to this bucket."
            />
          </>
        )}
      </div>
      <div className="button-row">
        <Button type="submit" variant="primary" pending={save.pending} pendingLabel="Saving and testing…">
          Save and test
        </Button>
      </div>
      <ErrorPanel error={save.error} />
      {save.result ? <StepList title={`“${save.result.destination.name}” works`} steps={save.result.steps} /> : null}
    </form>
  );
}
