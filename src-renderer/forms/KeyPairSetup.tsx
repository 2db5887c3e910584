// Creates the job's key pair and makes sure the admin keeps the recovery kit. The secret key
// stays in the core's keychain; if this computer is lost the printed kit is the only way to
// read the backups, so the box must be ticked (and the core told) before the job can be saved.
import { useId } from 'react';
import { useApi } from '../api/api-context';
import { useAction } from '../api/use-action';
import { Button } from '../components/Button';
import { CheckboxField } from '../components/CheckboxField';
import { CopyButton } from '../components/CopyButton';
import { ErrorPanel } from '../components/ErrorPanel';
import type { EncryptionDraft } from './job-draft';

type KeyPairDraft = Extract<EncryptionDraft, { kind: 'x25519' }>;

export interface KeyPairSetupProps {
  value: KeyPairDraft;
  onChange: (value: KeyPairDraft) => void;
  error?: string | undefined;
  /** Shown in the kit and the key's label. */
  label?: string;
}

export function KeyPairSetup({ value, onChange, error, label }: KeyPairSetupProps) {
  const api = useApi();
  const generate = useAction(() => api.call('keys.generate', label ? { label } : {}));
  const confirm = useAction((recipient: string) => api.call('recoveryKit.confirmSaved', { recipient }));
  const recipient = value.recipients[0];
  const keyId = useId();

  async function create() {
    const result = await generate.run();
    if (result) onChange({ kind: 'x25519', recipients: [result.recipient], kitUrl: result.recoveryKitUrl, kitConfirmed: false });
  }

  async function confirmSaved(checked: boolean) {
    if (!checked || !recipient || confirm.pending) return;
    const result = await confirm.run(recipient);
    if (result) onChange({ ...value, kitConfirmed: true });
  }

  if (!recipient || (value.kitUrl === null && !value.kitConfirmed)) {
    return (
      <div className="key-setup">
        <p>Lifeboat creates a key pair on this computer. Backups are locked with the public half; the secret half stays in this computer’s keychain, and you print a recovery kit in case the computer is lost.</p>
        {error ? <p className="field-error">{error}</p> : null}
        <Button variant="primary" onClick={() => void create()} pending={generate.pending} pendingLabel="Creating the key…">
          Create the key pair
        </Button>
        <ErrorPanel error={generate.error} />
      </div>
    );
  }

  return (
    <div className="key-setup">
      <div className="field field-wide">
        <label htmlFor={keyId}>Public key (safe to share)</label>
        <textarea id={keyId} className="mono" readOnly rows={2} value={value.recipients.join('\n')} />
        <CopyButton text={value.recipients.join('\n')} label="Copy public key" />
      </div>
      {value.kitUrl ? (
        <div className="kit-box">
          <p>
            <strong>Print the recovery kit now</strong> and keep it somewhere safe away from this computer (a locked drawer, a safe). It holds the secret key; anyone with it can read the backups. It can be opened only once.
          </p>
          <p>
            <a className="button button-primary" href={value.kitUrl} target="_blank" rel="noopener noreferrer">
              Open recovery kit (new window)
            </a>
          </p>
          <CheckboxField
            label="I have printed or saved the recovery kit"
            // Ticked at once (optimistic) while the core records it; unticked again if that fails.
            checked={value.kitConfirmed || confirm.pending}
            busy={confirm.pending}
            disabled={value.kitConfirmed || confirm.pending}
            onChange={(checked) => void confirmSaved(checked)}
            error={!value.kitConfirmed && !confirm.pending ? error : undefined}
            hint={
              value.kitConfirmed
                ? 'Thank you. Lifeboat will stop reminding you.'
                : confirm.pending
                  ? 'Saving…'
                  : 'Required. Without the kit nobody can restore these backups if this computer is lost.'
            }
          />
          <ErrorPanel error={confirm.error} />
        </div>
      ) : (
        <div>
          <p className="muted">This job uses an existing key. Its recovery kit was offered when the key was created.</p>
          <Button variant="quiet" onClick={() => void create()} pending={generate.pending} pendingLabel="Creating the key…">
            Create a new key pair instead
          </Button>
          <p className="field-hint">New backups would use the new key; older backups still open with the old one, which stays in the keychain.</p>
          <ErrorPanel error={generate.error} />
        </div>
      )}
    </div>
  );
}
