// How backups are locked: a key pair Lifeboat keeps (default), a passphrase, or (advanced) only
// a public key so this computer can back up but never read the backups.
import { RadioGroup } from '../components/RadioGroup';
import { TextField } from '../components/TextField';
import type { FieldErrors } from './field-errors';
import type { EncryptionDraft } from './job-draft';
import { KeyPairSetup } from './KeyPairSetup';
import { PassphraseFields } from './PassphraseFields';

export interface EncryptionFieldsProps {
  value: EncryptionDraft;
  onChange: (value: EncryptionDraft) => void;
  errors: FieldErrors;
  allowPublicKeyOnly?: boolean;
  keyLabel?: string;
  /** What the job used when the form opened, so switching back restores it. */
  initial?: EncryptionDraft;
}

type Kind = EncryptionDraft['kind'];

function blank(kind: Kind): EncryptionDraft {
  switch (kind) {
    case 'x25519':
      return { kind, recipients: [], kitUrl: null, kitConfirmed: false };
    case 'passphrase':
      return { kind, passphrase: '', confirm: '', alreadySaved: false };
    case 'public-key':
      return { kind, recipientsText: '' };
  }
}

export function EncryptionFields({ value, onChange, errors, allowPublicKeyOnly = false, keyLabel, initial }: EncryptionFieldsProps) {
  const choices = [
    { value: 'x25519' as const, label: 'Key pair (recommended)', hint: 'Lifeboat keeps the key and can restore by itself; you print a recovery kit once.' },
    { value: 'passphrase' as const, label: 'Passphrase', hint: 'You choose a passphrase and keep it safe. Handy if several people must be able to restore.' },
    ...(allowPublicKeyOnly || value.kind === 'public-key'
      ? [{ value: 'public-key' as const, label: 'Public key only (advanced)', hint: 'This computer can make backups but not read them; restores ask for the secret key.' }]
      : []),
  ];
  return (
    <div className="encryption-fields">
      <RadioGroup legend="Lock the backups with" value={value.kind} choices={choices} onChange={(kind) => onChange(initial?.kind === kind ? initial : blank(kind))} />
      {value.kind === 'x25519' ? <KeyPairSetup value={value} onChange={onChange} error={errors['encryption']} {...(keyLabel ? { label: keyLabel } : {})} /> : null}
      {value.kind === 'passphrase' ? <PassphraseFields value={value} onChange={onChange} errors={errors} /> : null}
      {value.kind === 'public-key' ? (
        <TextField
          label="Public keys (one per line)"
          wide
          value={value.recipientsText}
          onChange={(recipientsText) => onChange({ ...value, recipientsText })}
          error={errors['encryption.recipients']}
          hint="Each starts with age1. Keep the matching secret keys safe: without one, these backups cannot be read."
        />
      ) : null}
    </div>
  );
}
