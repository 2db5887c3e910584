// Host, port, user, password and encryption of a PostgreSQL connection, shared by the guided
// setup, the job editor and the restore wizard.
import { NumberField } from '../components/NumberField';
import { SelectField } from '../components/SelectField';
import { TextField } from '../components/TextField';
import { SSL_CHOICES, type ConnectionDraft } from './connection-draft';
import type { FieldErrors } from './field-errors';

export interface ConnectionFieldsProps {
  value: ConnectionDraft;
  onChange: (value: ConnectionDraft) => void;
  errors: FieldErrors;
  passwordHint?: string;
  /** Show the "database to connect to" field (connection tests only). */
  showDatabase?: boolean;
}

export function ConnectionFields({ value, onChange, errors, passwordHint, showDatabase = false }: ConnectionFieldsProps) {
  const set = <K extends keyof ConnectionDraft>(key: K, v: ConnectionDraft[K]) => onChange({ ...value, [key]: v });
  return (
    <div className="field-grid">
      <TextField label="Server" required value={value.host} onChange={(v) => set('host', v)} error={errors['host']} placeholder="db.office.lan" autoComplete="off" hint="The computer PostgreSQL runs on: a name or an IP address." />
      <NumberField label="Port" required narrow value={value.port} onChange={(v) => set('port', v)} error={errors['port']} min={1} max={65535} hint="Usually 5432." />
      <TextField label="User name" required value={value.user} onChange={(v) => set('user', v)} error={errors['user']} placeholder="backup" autoComplete="off" />
      <TextField
        label="Password"
        type="password"
        value={value.password}
        onChange={(v) => set('password', v)}
        error={errors['password']}
        autoComplete="new-password"
        hint={passwordHint ?? 'Kept in this computer’s keychain, never in files.'}
      />
      <SelectField label="Connection encryption (SSL)" value={value.sslmode} onChange={(v) => set('sslmode', v)} options={SSL_CHOICES} error={errors['sslmode']} wide />
      {showDatabase ? (
        <details className="more-options">
          <summary>More options</summary>
          <TextField label="Database to connect to" value={value.database} onChange={(v) => set('database', v)} error={errors['database']} hint="Only used to log in and list the databases. Change it if your user may not connect to “postgres”." />
        </details>
      ) : null}
    </div>
  );
}
