import { TextField } from '../components/TextField';
import type { FieldErrors } from './field-errors';
import type { EncryptionDraft } from './job-draft';
import { passphraseStrength, STRENGTH_TEXT } from './passphrase';

type PassphraseDraft = Extract<EncryptionDraft, { kind: 'passphrase' }>;

export function PassphraseFields({ value, onChange, errors }: { value: PassphraseDraft; onChange: (value: PassphraseDraft) => void; errors: FieldErrors }) {
  const strength = value.passphrase ? passphraseStrength(value.passphrase) : null;
  return (
    <div className="field-grid">
      <p className="field-wide">
        {value.alreadySaved
          ? 'A passphrase is saved for this job. Leave both fields empty to keep it, or type a new one twice. Backups made before keep their old passphrase.'
          : 'Anyone with the passphrase can read the backups, and nobody can without it: write it down and keep it somewhere safe, away from this computer.'}
      </p>
      <TextField
        label="Passphrase"
        type="password"
        autoComplete="new-password"
        value={value.passphrase}
        onChange={(passphrase) => onChange({ ...value, passphrase })}
        error={errors['encryption.passphrase']}
        hint={strength ? <span className={`strength strength-${strength}`}>{STRENGTH_TEXT[strength]}</span> : 'At least 12 characters. Four or more unrelated words are easy to type and hard to guess.'}
      />
      <TextField
        label="Passphrase again"
        type="password"
        autoComplete="new-password"
        value={value.confirm}
        onChange={(confirm) => onChange({ ...value, confirm })}
        error={errors['encryption.confirm']}
      />
    </div>
  );
}
