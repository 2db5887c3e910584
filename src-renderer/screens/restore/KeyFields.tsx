// How to open the backup: the key saved on this computer, a passphrase, or the secret key from
// the recovery kit. Typed keys are used for this restore only and never saved.
import { RadioGroup } from '../../components/RadioGroup';
import { TextField } from '../../components/TextField';
import type { FieldErrors } from '../../forms/field-errors';
import type { KeyChoice, RestoreDraft } from './restore-draft';

export interface KeyFieldsProps {
  draft: RestoreDraft;
  onChange: (draft: RestoreDraft) => void;
  needsIdentity: boolean;
  errors: FieldErrors;
}

export function KeyFields({ draft, onChange, needsIdentity, errors }: KeyFieldsProps) {
  const choices: Array<{ value: KeyChoice; label: string; hint?: string }> = [
    ...(needsIdentity ? [] : [{ value: 'saved' as const, label: 'The key saved on this computer', hint: 'The usual choice.' }]),
    { value: 'passphrase', label: 'A passphrase' },
    { value: 'identity', label: 'A secret key (from the recovery kit)' },
  ];
  return (
    <>
      <RadioGroup
        legend="Open the backup with"
        value={needsIdentity && draft.keyChoice === 'saved' ? null : draft.keyChoice}
        onChange={(keyChoice) => onChange({ ...draft, keyChoice })}
        choices={choices}
        error={needsIdentity && draft.keyChoice === 'saved' ? errors['identity'] : undefined}
      />
      {draft.keyChoice === 'passphrase' ? (
        <TextField label="Passphrase" type="password" autoComplete="off" value={draft.passphrase} onChange={(passphrase) => onChange({ ...draft, passphrase })} error={errors['passphrase']} />
      ) : null}
      {draft.keyChoice === 'identity' ? (
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
    </>
  );
}
