// A PostgreSQL connection as typed in a form (port may be half-typed), and its checks.
import type { ConnectionInput } from '../../src-shared/api';
import type { SelectOption } from '../components/SelectField';
import type { FieldErrors } from './field-errors';

export type SslMode = NonNullable<ConnectionInput['sslmode']>;

export interface ConnectionDraft {
  host: string;
  port: number | null;
  user: string;
  /** Empty means "no password" for a test, or "keep the saved one" when editing a job. */
  password: string;
  sslmode: SslMode;
  /** The database used to connect and list the others; rarely anything but "postgres". */
  database: string;
}

export function emptyConnection(): ConnectionDraft {
  return { host: '', port: 5432, user: '', password: '', sslmode: 'prefer', database: 'postgres' };
}

export const SSL_CHOICES: ReadonlyArray<SelectOption<SslMode>> = [
  { value: 'prefer', label: 'Encrypt if the server offers it (prefer)' },
  { value: 'require', label: 'Always encrypt (require)' },
  { value: 'verify-full', label: 'Always encrypt and check the server certificate (verify-full)' },
  { value: 'verify-ca', label: 'Always encrypt and check the certificate authority only (verify-ca)' },
  { value: 'allow', label: 'Encrypt only if the server insists (allow)' },
  { value: 'disable', label: 'Never encrypt (disable)' },
];

export function validateConnection(draft: ConnectionDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (!draft.host.trim()) errors['host'] = 'Enter the name or address of the computer PostgreSQL runs on (for example db.office.lan or 192.168.1.20).';
  if (draft.port === null || draft.port < 1 || draft.port > 65535) errors['port'] = 'Enter a port number from 1 to 65535. PostgreSQL normally uses 5432.';
  if (!draft.user.trim()) errors['user'] = 'Enter the PostgreSQL user name Lifeboat should log in as.';
  if (!draft.database.trim()) errors['database'] = 'Enter a database to connect to; "postgres" exists on almost every server.';
  return errors;
}

export function connectionInput(draft: ConnectionDraft): ConnectionInput {
  const input: ConnectionInput = { host: draft.host.trim(), port: draft.port ?? 5432, user: draft.user.trim(), sslmode: draft.sslmode, database: draft.database.trim() || 'postgres' };
  if (draft.password) input.password = draft.password;
  return input;
}

/** postgresql://user@host:port/db?sslmode=… — never with the password, so it is safe to paste. */
export function connectionString(draft: Pick<ConnectionDraft, 'host' | 'port' | 'user' | 'sslmode'>, database: string): string {
  const host = draft.host.includes(':') && !draft.host.startsWith('[') ? `[${draft.host}]` : draft.host;
  const port = draft.port && draft.port !== 5432 ? `:${draft.port}` : '';
  const ssl = draft.sslmode && draft.sslmode !== 'prefer' ? `?sslmode=${draft.sslmode}` : '';
  return `postgresql://${encodeURIComponent(draft.user)}@${host}${port}/${encodeURIComponent(database)}${ssl}`;
}
