// Step 3: options. "No owner" for servers without the original roles, and the key, when the one
// in this computer's keychain is not the right one (or there is none, for public-key jobs).
import { useState } from 'react';
import { CheckboxField } from '../../components/CheckboxField';
import { RadioGroup } from '../../components/RadioGroup';
import { TextField } from '../../components/TextField';
import { WizardStep } from '../../components/WizardStep';
import { hasErrors, type FieldErrors } from '../../forms/field-errors';
import { validateKeys, type KeyChoice, type RestoreDraft } from './restore-draft';

export interface OptionsStepProps {
  draft: RestoreDraft;
  onChange: (draft: RestoreDraft) => void;
  needsIdentity: boolean;
  onBack: () => void;
  onNext: () => void;
}

export function OptionsStep({ draft, onChange, needsIdentity, onBack, onNext }: OptionsStepProps) {
  const [errors, setErrors] = useState<FieldErrors>({});
  function next() {
    const found = validateKeys(draft, needsIdentity);
    setErrors(found);
    if (!hasErrors(found)) onNext();
  }
  const choices: Array<{ value: KeyChoice; label: string; hint?: string }> = [
    ...(needsIdentity ? [] : [{ value: 'saved' as const, label: 'The key saved on this computer', hint: 'The usual choice.' }]),
    { value: 'passphrase', label: 'A passphrase' },
    { value: 'identity', label: 'A secret key (from the recovery kit)' },
  ];
  return (
    <WizardStep title="Options" onBack={onBack} onNext={next}>
      <CheckboxField
        label="Do not restore ownership (no owner)"
        checked={draft.noOwner}
        onChange={(noOwner) => onChange({ ...draft, noOwner })}
        hint={`Tick this when the users that owned the tables do not exist on this server. Everything will then belong to ${draft.target.user || 'the user you log in as'}.`}
      />
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
    </WizardStep>
  );
}
