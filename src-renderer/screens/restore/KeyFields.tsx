// How to open the backup: the key saved on this computer, a passphrase, the secret key from the
// recovery kit, or for an imported file of the old Fernet script its key. Typed keys are used for
// this restore only and never saved.
import { RadioGroup } from '../../components/RadioGroup';
import { TextField } from '../../components/TextField';
import type { FieldErrors } from '../../forms/field-errors';
import type { KeyChoice, RestoreDraft } from './restore-draft';

export interface KeyFieldsProps {
  draft: RestoreDraft;
  onChange: (draft: RestoreDraft) => void;
  /** What can open this backup (see keyChoicesFor). */
  choices: KeyChoice[];
  errors: FieldErrors;
}

const LABELS: Record<KeyChoice, { label: string; hint?: string }> = {
  saved: { label: 'The key saved on this computer', hint: 'The usual choice.' },
  passphrase: { label: 'A passphrase' },
  identity: { label: 'A secret key (from the recovery kit)' },
  fernet: { label: 'The Fernet key of the backup script' },
};

export function KeyFields({ draft, onChange, choices, errors }: KeyFieldsProps) {
  const chosen = choices.includes(draft.keyChoice) ? draft.keyChoice : null;
  return (
    <>
      <RadioGroup
        legend="Open the backup with"
        value={chosen}
        onChange={(keyChoice) => onChange({ ...draft, keyChoice })}
        choices={choices.map((value) => ({ value, ...LABELS[value] }))}
        error={chosen === null ? errors['identity'] : undefined}
      />
      {chosen === 'passphrase' ? (
        <TextField label="Passphrase" type="password" autoComplete="off" value={draft.passphrase} onChange={(passphrase) => onChange({ ...draft, passphrase })} error={errors['passphrase']} />
      ) : null}
      {chosen === 'identity' ? (
        <TextField
          label="Secret key"
          type="password"
          autoComplete="off"
          wide
          value={draft.identity}
          onChange={(identity) => onChange({ ...draft, identity })}
          error={errors['identity']}
          hint="One line starting with AGE-SECRET-KEY-1, printed in the recovery kit. It is used for this restore only and not saved."
        />
      ) : null}
      {chosen === 'fernet' ? (
        <TextField
          label="Fernet key"
          type="password"
          autoComplete="off"
          wide
          value={draft.fernetKey}
          onChange={(fernetKey) => onChange({ ...draft, fernetKey })}
          error={errors['fernetKey']}
          hint="The script’s ENCRYPTION_KEY. Used for this restore only and not saved."
        />
      ) : null}
    </>
  );
}
