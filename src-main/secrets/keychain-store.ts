// The OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret Service) through
// @napi-rs/keyring: maintained, N-API prebuilt binaries from the npm registry, so it needs no
// rebuild for Electron (keytar, the usual choice, was archived in 2022).
import { AsyncEntry } from '@napi-rs/keyring';
import { LifeboatError } from '../../src-shared/errors';
import type { SecretStore } from './secret-store';

const SERVICE = 'Lifeboat';

export class KeychainSecretStore implements SecretStore {
  readonly description = process.platform === 'darwin' ? 'the macOS Keychain' : process.platform === 'win32' ? 'the Windows Credential Manager' : 'the Secret Service keychain';
  readonly writable = true;

  constructor(private readonly service = SERVICE) {}

  private entry(ref: string): AsyncEntry {
    // On Linux the library would silently fall back to the kernel keyring, which forgets
    // everything at reboot; a backup password must never vanish like that.
    return new AsyncEntry(this.service, ref, { linux: { store: 'secret-service' } });
  }

  async get(ref: string): Promise<string | undefined> {
    try {
      return (await this.entry(ref).getPassword()) ?? undefined;
    } catch (error) {
      throw keychainError('read', ref, error);
    }
  }

  async set(ref: string, value: string): Promise<void> {
    try {
      await this.entry(ref).setPassword(value);
    } catch (error) {
      throw keychainError('save', ref, error);
    }
  }

  async delete(ref: string): Promise<boolean> {
    try {
      return await this.entry(ref).deleteCredential();
    } catch (error) {
      throw keychainError('delete', ref, error);
    }
  }
}

function keychainError(action: string, ref: string, error: unknown): LifeboatError {
  return new LifeboatError('SECRET_STORE_FAILED', `Could not ${action} "${ref}" in the OS keychain: ${(error as Error).message}.`, {
    fix: 'Unlock the keychain (log in to the desktop session), or on a server without one set LIFEBOAT_SECRETS_FILE to a 0600 file or use LIFEBOAT_SECRET_* environment variables.',
    cause: error,
  });
}
