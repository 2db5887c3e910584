// Read-only secrets for headless machines: LIFEBOAT_SECRET_<REF> environment variables, or
// lines `ref=value` in a file the admin created with mode 0600 (LIFEBOAT_SECRETS_FILE).
// Lifeboat never writes secrets here by itself; it tells the admin what to add.
import { readFileSync, statSync } from 'node:fs';
import { LifeboatError } from '../../src-shared/errors';
import type { SecretStore } from './secret-store';

/** destination/nas/secret-access-key → LIFEBOAT_SECRET_DESTINATION_NAS_SECRET_ACCESS_KEY */
export function envNameFor(ref: string): string {
  return `LIFEBOAT_SECRET_${ref.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

export function readSecretsFile(file: string): Map<string, string> {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    throw new LifeboatError('SECRET_STORE_FAILED', `The secrets file ${file} (LIFEBOAT_SECRETS_FILE) cannot be read: ${(error as NodeJS.ErrnoException).code}.`, {
      fix: 'Create it, or unset LIFEBOAT_SECRETS_FILE.',
    });
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new LifeboatError('SECRET_STORE_FAILED', `The secrets file ${file} is readable by other users (mode ${(mode & 0o777).toString(8)}).`, {
      fix: `Run: chmod 600 ${file}`,
    });
  }
  const secrets = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq > 0) secrets.set(line.slice(0, eq).trim(), line.slice(eq + 1));
  }
  return secrets;
}

export class EnvFileSecretStore implements SecretStore {
  readonly writable = false;
  readonly description: string;
  private readonly file: Map<string, string>;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    this.file = env.LIFEBOAT_SECRETS_FILE ? readSecretsFile(env.LIFEBOAT_SECRETS_FILE) : new Map();
    this.description = env.LIFEBOAT_SECRETS_FILE ? `LIFEBOAT_SECRET_* variables and ${env.LIFEBOAT_SECRETS_FILE}` : 'LIFEBOAT_SECRET_* environment variables';
  }

  async get(ref: string): Promise<string | undefined> {
    return this.env[envNameFor(ref)] ?? this.file.get(ref);
  }

  async set(ref: string, _value?: string): Promise<void> {
    throw new LifeboatError('SECRET_STORE_FAILED', `There is no keychain here, and Lifeboat does not write secrets to disk by itself.`, {
      fix: `Set ${envNameFor(ref)} in the service's environment, or add the line "${ref}=…" to a 0600 file named by LIFEBOAT_SECRETS_FILE.`,
    });
  }

  async delete(): Promise<boolean> {
    return false;
  }
}
